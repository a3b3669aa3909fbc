import { type ErrorInfo, ExtensionError, toErrorInfo } from '../errors';
import type { MediaReading } from '../media/media-timeline';
import { listenQuery, normalizeSettings } from '../settings/transcription-settings';
import { type Moment, withMoment, withNote, withSpeakerName } from '../transcript/annotations';
import { openWantedMicrophone } from './capture/microphone';
import type { CaptureRequest } from './capture-request';
import type { RecorderDeps } from './recorder-deps';
import {
  capturedMs,
  diagnosticsOf,
  openAudio,
  openResources,
  type Resources,
  readMedia,
  recentTranscriptOf,
  releaseAudio,
  watchHearing,
  wholeTranscriptOf,
} from './recording-resources';
import type {
  RecordingChange,
  RecordingDiagnostics,
  RecordingSnapshot,
} from './recording-snapshot';
import {
  type EndReason,
  IDLE,
  isRunning,
  next,
  type RecordingEvent,
  type RecordingState,
} from './recording-state';

/**
 * The owner of the recording, in the offscreen document: it holds the one state machine and the
 * resources the state describes (the tab's audio, the Deepgram stream, the transcript and its
 * saving), turns what they do into events, and tells each listener every change: the views (state,
 * words and level, over their ports) and the worker (state, for the badge). Nothing else keeps a
 * copy of the state.
 */

export function createRecorder(deps: RecorderDeps) {
  let state: RecordingState = IDLE;
  /** The latest recording's resources: running, or ended (its transcript stays for the views). */
  let current: Resources | null = null;
  const listeners = new Set<(change: RecordingChange) => void>();
  const tell = (change: RecordingChange) => {
    for (const listener of listeners) listener(change);
  };
  const dispatch = (event: RecordingEvent) => {
    const after = next(state, event);
    if (after === state) return;
    state = after;
    tell({ type: 'state', state });
  };

  /** The stream gave up (or the start failed): close up, keep what was heard, say why once. */
  async function fail(of: Resources, error: ErrorInfo, keep: boolean) {
    if (!isRunning(state) || state.recordingId !== of.recordingId) return;
    dispatch({ type: 'failed', recordingId: of.recordingId, error, at: deps.now() });
    await releaseAudio(of);
    await of.stream.stop().catch(() => undefined);
    await of.saver.end(keep ? 'interrupted' : 'discard', deps.now());
  }

  /** The stop under way: a Start or a Stop meanwhile waits for it, not just for its state. */
  let stopping: Promise<RecordingState> | null = null;

  function stop(reason: Exclude<EndReason, 'failed'>): Promise<RecordingState> {
    if (!stopping) {
      const of = current;
      if (!of || !isRunning(state)) return Promise.resolve(state);
      stopping = stopRunning(of, reason).finally(() => {
        stopping = null;
      });
    }
    return stopping;
  }

  async function stopRunning(
    of: Resources,
    reason: Exclude<EndReason, 'failed'>,
  ): Promise<RecordingState> {
    const wasLive = state.phase === 'live';
    dispatch({ type: 'stop', recordingId: of.recordingId, reason });
    // Stop listening to the tab first, then let Deepgram finish what it has heard.
    await releaseAudio(of);
    await of.stream.stop().catch(() => undefined);
    await of.saver.end(wasLive ? 'complete' : 'discard', deps.now());
    dispatch({ type: 'stopped', recordingId: of.recordingId, at: deps.now() });
    return state;
  }

  async function start(request: CaptureRequest): Promise<RecordingState> {
    const { recordingId, tabId, streamId, title, url, accountId } = request;
    // A recording still stopping (its last words on their way) finishes before this one opens.
    await stop('stopped');
    const settings = normalizeSettings(request.settings);
    dispatch({ type: 'start', recordingId, tabId });
    // The microphone first, as the stream's channels depend on it.
    const { microphone, microphoneUse } = await openWantedMicrophone(
      settings.includeMicrophone,
      deps.openMicrophone,
    );
    const of: Resources = openResources({
      recordingId,
      accountId,
      store: deps.openStore(accountId),
      query: listenQuery(settings, { microphone: microphone !== null }),
      deps,
      tell,
      onLost: (error) => void fail(of, toErrorInfo(error), true),
      onConnectionChange: (connection) => dispatch({ type: 'connection', recordingId, connection }),
    });
    current = of;
    of.saver.begin({ title, url, tabId, startedAt: deps.now(), settings: of.settings });
    const opening = of.stream.start();
    opening.catch(() => undefined); // Awaited once the audio is open, unless it fails first.
    let opened = false;
    try {
      of.audio = await openAudio(of, deps, {
        streamId,
        microphone,
        onEnded: () => void stop('capture_ended'),
        onMicrophoneLost: (code) =>
          dispatch({ type: 'microphone-lost', recordingId, error: { code } }),
      });
      opened = true;
      await opening;
    } catch (error) {
      const refusal = !opened
        ? new ExtensionError('capture_failed', error instanceof Error ? error.message : `${error}`)
        : error;
      await fail(of, toErrorInfo(refusal), false);
      // Stopped while it started, the failure found no recording to end: the audio opened since.
      await releaseAudio(of);
      throw refusal;
    }
    const audio = of.audio;
    // Stopped while it started: the stop released the audio open then, not what opened since.
    if (state.phase !== 'starting' || state.recordingId !== recordingId || !audio) {
      await releaseAudio(of);
      return state;
    }
    of.watch = watchHearing(of, audio, deps.now, {
      onHearing: (hearing) => dispatch({ type: 'hearing', recordingId, hearing }),
      onLevel: (level) => tell({ type: 'level', recordingId, level }),
    });
    dispatch({
      type: 'started',
      recordingId,
      startedAt: deps.now(),
      stream: {
        model: settings.model,
        language: settings.language,
        ...microphoneUse,
      },
    });
    return state;
  }

  /**
   * The latest recording is no longer shown, its words no longer held: it stops first (still
   * saved), unless another has begun meanwhile.
   */
  async function forgetLatest(): Promise<RecordingState> {
    const of = current;
    await stop('signed_out');
    if (current !== of) return state;
    current = null;
    dispatch({ type: 'forget' });
    return state;
  }

  return {
    start,
    stop,
    get state(): RecordingState {
      return state;
    },
    /**
     * `accountId` signed in: another account's latest recording is forgotten; theirs stays, its
     * sign-in error now past.
     */
    signedIn(accountId: string): Promise<RecordingState> {
      if (current && current.accountId !== accountId) return forgetLatest();
      dispatch({ type: 'signed-in' });
      return Promise.resolve(state);
    },
    /** `accountId`'s transcripts were removed: its latest recording goes with them. */
    transcriptsRemoved(accountId: string): Promise<RecordingState> {
      return current?.accountId === accountId ? forgetLatest() : Promise.resolve(state);
    },
    /** A moment at the audio heard so far, in the live recording; null when none is live. */
    markMoment(): Moment | null {
      const of = current;
      if (!of || state.phase !== 'live' || state.recordingId !== of.recordingId) return null;
      const { moments } = of.annotator.change((known) => withMoment(known, capturedMs(of)));
      return moments.at(-1) ?? null;
    },
    /** The tab being recorded now, if any: the one whose media probe is listened to. */
    recordedTab: (): number | null => (isRunning(state) ? state.tabId : null),
    /** A reading of the recorded tab's media element, for the running recording. */
    mediaReading(reading: MediaReading): void {
      const of = current;
      if (of && isRunning(state) && state.recordingId === of.recordingId) {
        readMedia(of, reading, deps.now());
      }
    },
    /** Notes and names apply to the latest recording, live or ended (its words are still shown). */
    noteMoment: (id: string, note: string) =>
      current?.annotator.change((known) => withNote(known, id, note)) ?? null,
    renameSpeaker: (key: string, name: string) =>
      current?.annotator.change((known) => withSpeakerName(known, key, name)) ?? null,
    /** The state and the segments held now, the recent ones: where the captions start. */
    recentSnapshot: (): RecordingSnapshot => ({ state, transcript: recentTranscriptOf(current) }),
    /**
     * The state and the whole transcript, as of this call; older words the store does not give
     * back within `giveUpAfterMs` (a view's hello waits for no slow database) are counted instead.
     */
    async snapshot(giveUpAfterMs?: number): Promise<RecordingSnapshot> {
      // Both taken before the first await: the state, then the segments held now.
      return { state, transcript: await wholeTranscriptOf(current, deps.logError, giveUpAfterMs) };
    },
    diagnostics: (): RecordingDiagnostics =>
      diagnosticsOf(current, current && isRunning(state) ? current : null),
    /** Calls `listener` with every change from now on; returns the unsubscribe function. */
    subscribe(listener: (change: RecordingChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
