import type { Browser } from 'wxt/browser';
import { NO_ANNOTATIONS } from '../transcript/annotations';
import type { RecordingTranscript } from './recording-snapshot';
import { IDLE, isRunning, type RecordingState } from './recording-state';
import { parseToView, type ToView, VIEW_PORT } from './view-messages';

/**
 * A view's copy of what the owner published, built only from the owner's messages (a hello,
 * then changes in order), so it never says something the owner did not. Pure: `reduceView` is
 * tested as a table; `watchRecording` is the port plumbing around it.
 */

export interface RecordingViewModel {
  /** False until the first hello (or "no recording") arrives: views draw nothing yet. */
  known: boolean;
  state: RecordingState;
  transcript: RecordingTranscript;
  /** Playback level, 0–1, while live. */
  level: number;
}

export const UNKNOWN_VIEW: RecordingViewModel = {
  known: false,
  state: IDLE,
  transcript: { recordingId: null, segments: [], interim: null, annotations: NO_ANNOTATIONS },
  level: 0,
};

export type ViewInput = ToView | { type: 'disconnected' };

/**
 * The words shown with a state: a recording starting or live has none yet when the transcript is
 * another recording's (the last one's are not shown as its own; the owner may also say hello
 * between a Start's first state and its first words). With no recording (the owner forgot the
 * last one: another account signed in, or its transcripts were removed) there are none at all.
 */
function ownWords(state: RecordingState, transcript: RecordingTranscript): RecordingTranscript {
  if (state.phase === 'idle') return UNKNOWN_VIEW.transcript;
  return isRunning(state) && state.recordingId !== transcript.recordingId
    ? { ...UNKNOWN_VIEW.transcript, recordingId: state.recordingId }
    : transcript;
}

/** `now` dates the end of a recording whose owner died (nobody else can say when). */
export function reduceView(
  view: RecordingViewModel,
  input: ViewInput,
  now: number,
): RecordingViewModel {
  switch (input.type) {
    case 'hello': {
      const { state, transcript } = input.snapshot;
      return { known: true, state, transcript: ownWords(state, transcript), level: 0 };
    }
    case 'no-recording':
      // The owner is gone. If it was recording when last heard, it died with the recording.
      if (isRunning(view.state)) {
        return {
          ...view,
          known: true,
          level: 0,
          state: {
            phase: 'ended',
            recordingId: view.state.recordingId,
            tabId: view.state.tabId,
            startedAt: view.state.phase === 'starting' ? null : view.state.startedAt,
            endedAt: now,
            reason: 'failed',
            error: { code: 'capture_lost' },
            saved: view.state.phase !== 'starting',
          },
        };
      }
      return view.known ? view : { ...UNKNOWN_VIEW, known: true };
    case 'state': {
      const { state } = input;
      const level = state.phase === 'live' ? view.level : 0;
      return { ...view, state, level, transcript: ownWords(state, view.transcript) };
    }
    case 'transcript': {
      const known = view.transcript;
      if (known.recordingId !== input.recordingId) {
        // The first words of a new recording: its transcript starts with them.
        const { recordingId, appended, interim } = input;
        const annotations = NO_ANNOTATIONS;
        return { ...view, transcript: { recordingId, segments: appended, interim, annotations } };
      }
      // Indexes make each segment apply once, whatever arrives twice (after the last one known:
      // a transcript whose earlier segments could not be read back starts past 0).
      const last = known.segments.at(-1)?.index ?? -1;
      const fresh = input.appended.filter((segment) => segment.index > last);
      return {
        ...view,
        transcript: {
          ...known,
          segments: fresh.length ? [...known.segments, ...fresh] : known.segments,
          interim: input.interim,
        },
      };
    }
    case 'annotations': {
      const { recordingId, annotations } = input;
      // A moment marked before the first words: the new recording's transcript starts with it.
      const transcript =
        view.transcript.recordingId === recordingId
          ? { ...view.transcript, annotations }
          : { recordingId, segments: [], interim: null, annotations };
      return { ...view, transcript };
    }
    case 'level':
      return view.state.phase === 'live' && view.state.recordingId === input.recordingId
        ? { ...view, level: input.level }
        : view;
    case 'disconnected':
      return view;
  }
}

/** The broadcast the owner sends when it starts: views waiting for one connect then. */
export const OWNER_READY = { channel: 'tabscribe', event: 'recording.owner-ready' } as const;

export const isOwnerReady = (message: unknown) =>
  typeof message === 'object' &&
  message !== null &&
  (message as { event?: unknown }).event === OWNER_READY.event &&
  (message as { channel?: unknown }).channel === OWNER_READY.channel;

interface MessageEvents {
  addListener(listener: (message: unknown) => undefined): void;
  removeListener(listener: (message: unknown) => undefined): void;
}

/**
 * Connects to the owner and feeds `onInput` until closed. A port that drops is opened again at
 * once (its hello says whether the owner lives); after "no recording" the view waits for the
 * owner's ready broadcast instead.
 */
export function watchRecording(
  runtime: {
    connect(info: { name: string }): Browser.runtime.Port;
    onMessage: MessageEvents;
  },
  onInput: (input: ViewInput) => void,
): () => void {
  let closed = false;
  let port: Browser.runtime.Port | null = null;
  let ownerMissing = false;
  const open = () => {
    if (closed) return;
    const opened = runtime.connect({ name: VIEW_PORT });
    port = opened;
    opened.onMessage.addListener((raw: unknown) => {
      const message = parseToView(raw);
      if (!message) return;
      ownerMissing = message.type === 'no-recording';
      onInput(message);
    });
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = null;
      onInput({ type: 'disconnected' });
      if (!ownerMissing) setTimeout(open, 50);
    });
  };
  const ownerReady = (message: unknown): undefined => {
    if (!isOwnerReady(message)) return;
    ownerMissing = false;
    const stale = port;
    port = null;
    stale?.disconnect();
    open();
  };
  runtime.onMessage.addListener(ownerReady);
  open();
  return () => {
    closed = true;
    runtime.onMessage.removeListener(ownerReady);
    port?.disconnect();
    port = null;
  };
}
