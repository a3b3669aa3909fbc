import type { PcmFrame } from '../audio/pcm-framer';
import { type ErrorInfo, ExtensionError, toErrorInfo } from '../errors';
import type { Publish } from '../messaging/events';
import type { CaptureRequest, CaptureStarted, TranscriptView } from '../messaging/protocol';
import { listenQuery, normalizeSettings, queryAsRecord } from '../settings/transcription-settings';
import type { TranscriptStore } from '../storage/transcript-store';
import {
  createTranscript,
  type Transcript,
  type TranscriptDelta,
} from '../transcript/transcript-model';
import type { ListenQuery } from '../transcription/listen-connection';
import type {
  TranscriptionStream,
  TranscriptionStreamDeps,
} from '../transcription/transcription-stream';
import type { MicrophoneTrackState, TabAudio } from './tab-audio';

/**
 * The offscreen document's side of transcription: for each session it opens the tab's audio and
 * a Deepgram stream at the same time (so neither waits for the other), feeds the transcript model
 * with Deepgram's results and tells open pages what changed. It keeps the last session's
 * transcript after it stops, for the popup.
 */

export interface CaptureServiceDeps {
  /** Opens the tab's audio, with the microphone as a second channel when one is given. */
  openTabAudio(options: {
    streamId: string;
    microphone: MediaStream | null;
    onFrame(frame: PcmFrame): void;
    onEnded(): void;
    onMicrophoneEnded(): void;
  }): Promise<TabAudio>;
  /** Opens the user's microphone; rejects with `microphone_blocked` or `microphone_missing`. */
  openMicrophone(): Promise<MediaStream>;
  createStream(
    handlers: Pick<
      TranscriptionStreamDeps,
      'onMessage' | 'onLost' | 'onConnectionChange' | 'onGap'
    >,
    query: ListenQuery,
  ): TranscriptionStream;
  publish: Publish;
  /** Tells the background that a session ended by itself. */
  reportEnded(sessionId: string, error: ErrorInfo | null): void;
  /** Tells the background that a session's stream is reconnecting, or streaming again. */
  reportConnection(sessionId: string, state: 'reconnecting' | 'streaming'): void;
  /** The heartbeat: audio from the tab arrived since the last one. */
  reportHeartbeat(sessionId: string): void;
  /** Tells the background that the microphone stopped mid-session. */
  reportMicrophoneLost(sessionId: string): void;
  /**
   * The transcripts of the account a recording is for, where each final segment is saved as it
   * arrives; opened at each Start, beside the stream, so Start does not wait for it.
   */
  openStore(accountId: string): Promise<TranscriptStore>;
  /** For a failed save: the transcript on screen goes on, the failure is logged. */
  logError(message: string, error: unknown): void;
  now: () => number;
}

interface ActiveCapture {
  sessionId: string;
  tabId: number;
  audio: TabAudio | null;
  stream: TranscriptionStream;
  transcript: Transcript;
  store: Promise<TranscriptStore>;
  /** Saves run one after another, in the order the segments arrived. */
  saving: Promise<void>;
  /** Frames from the tab since the last heartbeat. */
  framesSinceBeat: number;
  heartbeat: ReturnType<typeof setInterval> | null;
}

/** How often a capture whose audio flows says so to the background. */
export const HEARTBEAT_INTERVAL_MS = 2_000;

export interface CaptureStatus {
  sessionId: string | null;
  sampleRate: number | null;
  playbackLevel: number;
  stream: TranscriptionStream['stats'] | null;
  /**
   * The latest session's microphone track, as Chrome reports it (`ended` once the session
   * stopped); null when that session had none.
   */
  microphone: MicrophoneTrackState | null;
  /** Words the microphone heard that were the tab's echo, left out (the latest session). */
  echoWordsDropped: number;
}

export function createCaptureService(deps: CaptureServiceDeps) {
  let active: ActiveCapture | null = null;
  /** The latest session, running or not: its transcript for the popup, its audio for status. */
  let last: ActiveCapture | null = null;

  async function teardown(capture: ActiveCapture) {
    if (active === capture) active = null;
    if (capture.heartbeat !== null) clearInterval(capture.heartbeat);
    await capture.audio?.stop().catch(() => undefined);
  }

  /** A session that never started leaves nothing behind in the history. */
  async function abandon(capture: ActiveCapture) {
    await teardown(capture);
    await save(capture, 'the removal of a session that did not start', async (store) => {
      await store.deleteSession(capture.sessionId);
    });
  }

  function save(
    capture: ActiveCapture,
    what: string,
    write: (store: TranscriptStore) => Promise<void>,
  ) {
    capture.saving = capture.saving
      .then(async () => write(await capture.store))
      .catch((error: unknown) => deps.logError(`Could not save ${what}`, error));
    return capture.saving;
  }

  /** The capture or the stream ended without being asked to: close up, and say so once. */
  function endedByItself(capture: ActiveCapture, error: ExtensionError | null) {
    if (active !== capture) return;
    void capture.stream
      .stop()
      .then(() =>
        save(capture, 'the end of the session', (store) =>
          store.endSession(capture.sessionId, deps.now(), error ? 'interrupted' : 'complete'),
        ),
      );
    void teardown(capture);
    deps.reportEnded(capture.sessionId, error ? toErrorInfo(error) : null);
  }

  async function stop(sessionId: string) {
    const capture = active;
    if (!capture || capture.sessionId !== sessionId) return;
    active = null;
    if (capture.heartbeat !== null) clearInterval(capture.heartbeat);
    // Stop listening to the tab first, then let Deepgram finish what it has heard.
    await capture.audio?.stop().catch(() => undefined);
    await capture.stream.stop();
    await save(capture, 'the end of the session', (store) =>
      store.endSession(sessionId, deps.now(), 'complete'),
    );
  }

  return {
    stop,
    async start(request: CaptureRequest): Promise<CaptureStarted> {
      const { sessionId, tabId, streamId, title, url, accountId } = request;
      if (active) await stop(active.sessionId);
      const settings = normalizeSettings(request.settings);
      // The microphone first, as the stream's channels depend on it. A refused one does not
      // stop the tab's transcription: the session goes on without it and the popup says why.
      let microphone: MediaStream | null = null;
      let microphoneError: ErrorInfo | undefined;
      if (settings.includeMicrophone) {
        try {
          microphone = await deps.openMicrophone();
        } catch (error) {
          microphoneError = toErrorInfo(error);
        }
      }
      const transcript = createTranscript();
      // The stream opens with the settings of this Start, and the session records them.
      const query = listenQuery(settings, { microphone: microphone !== null });
      const changed = (delta: TranscriptDelta | null) => {
        if (!delta) return;
        deps.publish('transcript.changed', { sessionId, tabId, ...delta });
        if (delta.appended.length > 0) {
          void save(capture, 'a segment', (store) =>
            store.appendSegments(sessionId, delta.appended),
          );
        }
      };
      const capture: ActiveCapture = {
        sessionId,
        tabId,
        audio: null,
        transcript,
        store: deps.openStore(accountId),
        saving: Promise.resolve(),
        framesSinceBeat: 0,
        heartbeat: null,
        stream: deps.createStream(
          {
            onMessage: (message, toSessionTime) =>
              changed(transcript.apply(message, toSessionTime)),
            onLost: (error) => endedByItself(capture, error),
            onConnectionChange: (state) => deps.reportConnection(sessionId, state),
            // An outage outlasted the buffer: the transcript says where words may be missing.
            onGap: (gap) => changed(transcript.markGap(gap.start, gap.end)),
          },
          query,
        ),
      };
      void save(capture, 'the session', (store) =>
        store.startSession({
          id: sessionId,
          title: title || 'Untitled tab',
          url,
          startedAt: deps.now(),
          settings: queryAsRecord(query),
        }),
      );
      active = capture;
      last = capture;
      const opening = capture.stream.start();
      try {
        capture.audio = await deps.openTabAudio({
          streamId,
          microphone,
          onFrame: (frame) => {
            capture.framesSinceBeat += 1;
            capture.stream.pushFrame(frame);
          },
          onEnded: () => endedByItself(capture, null),
          onMicrophoneEnded: () => {
            if (active === capture) deps.reportMicrophoneLost(sessionId);
          },
        });
      } catch (error) {
        void capture.stream.stop();
        await abandon(capture);
        throw new ExtensionError(
          'capture_failed',
          error instanceof Error ? error.message : String(error),
        );
      }
      const startedAt = deps.now();
      try {
        await opening;
      } catch (error) {
        await abandon(capture);
        throw error;
      }
      capture.heartbeat = setInterval(() => {
        if (capture.framesSinceBeat === 0) return;
        capture.framesSinceBeat = 0;
        deps.reportHeartbeat(sessionId);
      }, HEARTBEAT_INTERVAL_MS);
      return {
        startedAt,
        microphone: microphone ? 'included' : microphoneError ? 'unavailable' : 'off',
        ...(microphoneError ? { microphoneError } : {}),
      };
    },

    transcript(): TranscriptView {
      if (!last) return { sessionId: null, tabId: null, segments: [], interim: null };
      return { sessionId: last.sessionId, tabId: last.tabId, ...last.transcript.snapshot() };
    },

    status(): CaptureStatus {
      return {
        sessionId: active?.sessionId ?? null,
        sampleRate: active?.audio?.sampleRate ?? null,
        playbackLevel: active?.audio?.playbackLevel() ?? 0,
        stream: active ? { ...active.stream.stats } : null,
        microphone: last?.audio?.microphone() ?? null,
        echoWordsDropped: last?.transcript.echoWordsDropped ?? 0,
      };
    },
  };
}

export type CaptureService = ReturnType<typeof createCaptureService>;
