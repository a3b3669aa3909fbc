import type { ErrorInfo } from '../errors';

/**
 * idle → starting → live → stopping → idle; any step can end in error, which the next start
 * leaves. There is at most one session, on one tab.
 */
export type SessionPhase = 'idle' | 'starting' | 'live' | 'stopping' | 'error';

/** Whether a session's stream carries the user's microphone as its second channel. */
export type MicrophoneUse = 'off' | 'included' | 'unavailable';

/** What every page knows of the session: enough to draw the popup and the badge. */
export interface SessionView {
  phase: SessionPhase;
  /** The current or last session; null before the first. */
  sessionId: string | null;
  tabId: number | null;
  /** When the capture began (ms since the epoch), once live. */
  startedAt: number | null;
  error: ErrorInfo | null;
  /**
   * Live, but the connection to Deepgram dropped and is being made again (the audio is kept
   * meanwhile). Present only then.
   */
  reconnecting?: true;
  /** Live, but no audio has arrived from the tab for a while. Present only then. */
  stalled?: true;
  /** What the running session streams with (shown in the popup). Present once live. */
  stream?: {
    model: string;
    language: string;
    microphone: MicrophoneUse;
    /** Why the microphone wanted is not in the stream. */
    microphoneError?: ErrorInfo;
  };
}

export const NO_SESSION: SessionView = {
  phase: 'idle',
  sessionId: null,
  tabId: null,
  startedAt: null,
  error: null,
};
