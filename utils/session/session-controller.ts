import type { MicrophoneEnd } from '../capture/microphone';
import { type ErrorInfo, ExtensionError, toErrorInfo } from '../errors';
import type { CaptureRequest, CaptureStarted } from '../messaging/protocol';
import type { TranscriptionSettings } from '../settings/transcription-settings';
import type { StorageArea } from '../storage-area';
import { NO_SESSION, type SessionView } from './session-view';

/**
 * The background's side of transcription: one session at a time, on one tab, moved through
 * idle → starting → live → stopping by explicit transitions. It asks for a token first (so a
 * signed-out user never starts a capture), gets the tab's stream id, and hands the capture to
 * the offscreen document, which owns the audio. Its state lives in `storage.session`, so a
 * restarted service worker knows what is running.
 */

export interface SessionControllerDeps {
  /** Throws `signed_out` (and the broker's other errors) before any capture starts. */
  ensureToken(): Promise<unknown>;
  /** The signed-in account, whose transcripts the recording joins; throws `signed_out`. */
  accountId(): Promise<string>;
  /** `tabCapture.getMediaStreamId` for the tab. */
  getStreamId(tabId: number): Promise<string>;
  /** The tab's title and address, for the saved transcript ('' where Chrome does not say). */
  describeTab(tabId: number): Promise<{ title: string; url: string }>;
  /** The user's transcription settings, read at each Start. */
  loadSettings(): Promise<TranscriptionSettings>;
  offscreen: {
    start(request: CaptureRequest): Promise<CaptureStarted>;
    stop(sessionId: string): Promise<void>;
  };
  /** Whether the offscreen document is capturing this session (false when it is gone). */
  captureRunning(sessionId: string): Promise<boolean>;
  /** Marks the tab being transcribed (toolbar badge and title), or unmarks it. */
  indicate(tabId: number, view: SessionView): Promise<void>;
  /** Tells open pages (the popup) the session changed. */
  publish(view: SessionView): void;
  store: StorageArea;
  newId(): string;
}

export interface SessionController {
  get(): Promise<SessionView>;
  start(tabId: number): Promise<SessionView>;
  stop(): Promise<SessionView>;
  /** Start on this tab unless it is the one being transcribed, in which case stop. */
  toggle(tabId: number): Promise<SessionView>;
  /** The offscreen document reports that a session's capture or stream ended by itself. */
  captureEnded(sessionId: string, error: ErrorInfo | null): Promise<void>;
  /** The offscreen document reports the stream reconnecting, or streaming again. */
  connectionChanged(sessionId: string, state: 'reconnecting' | 'streaming'): Promise<void>;
  /** The offscreen document's heartbeat: audio from the tab arrived since the last one. */
  heartbeat(sessionId: string): Promise<void>;
  /** The offscreen document reports the microphone stopped (unplugged, or taken away). */
  microphoneLost(sessionId: string, reason: MicrophoneEnd): Promise<void>;
  tabClosed(tabId: number): Promise<void>;
}

export const SESSION_STORAGE_KEY = 'tabscribe.session';
/** The offscreen document beats every 2 s while audio flows; silence this long is looked into. */
export const HEARTBEAT_TIMEOUT_MS = 8_000;

export function createSessionController(deps: SessionControllerDeps): SessionController {
  let view: SessionView | null = null;
  /** Transitions run one at a time: a shortcut pressed twice quickly waits for the first. */
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation, operation);
    queue = result.catch(() => undefined);
    return result;
  };

  async function current(): Promise<SessionView> {
    if (view) return view;
    const stored = (await deps.store.get(SESSION_STORAGE_KEY))[SESSION_STORAGE_KEY];
    view = (stored as SessionView | undefined) ?? NO_SESSION;
    return view;
  }

  async function moveTo(to: SessionView): Promise<SessionView> {
    const previous = await current();
    // Reconnecting and stalled are states of a live session only.
    const { reconnecting: _, stalled: __, ...rest } = to;
    const next: SessionView = to.phase === 'live' ? to : rest;
    view = next;
    await deps.store.set({ [SESSION_STORAGE_KEY]: next });
    if (previous.tabId !== null && previous.tabId !== next.tabId) {
      await deps.indicate(previous.tabId, NO_SESSION).catch(() => undefined);
    }
    if (next.tabId !== null) await deps.indicate(next.tabId, next).catch(() => undefined);
    deps.publish(next);
    return next;
  }

  const isRunning = (session: SessionView) =>
    session.phase === 'starting' || session.phase === 'live';

  // "Live" is what the offscreen document's heartbeats say, not a flag set at Start: when they
  // stop, the watchdog asks whether the capture still exists. Gone (a crashed or closed
  // offscreen document) ends the session; there but silent shows as stalled until audio returns.
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  /** Whether this worker has heard the offscreen document since it started. */
  let heardFromCapture = false;

  function watch(sessionId: string) {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = setTimeout(
      () => void serialized(() => lookInto(sessionId, { markStalled: true })),
      HEARTBEAT_TIMEOUT_MS,
    );
  }

  async function lookInto(sessionId: string, { markStalled }: { markStalled: boolean }) {
    const session = await current();
    if (session.sessionId !== sessionId || session.phase !== 'live') return;
    const running = await deps.captureRunning(sessionId).catch(() => false);
    if (!running) {
      await moveTo({
        ...session,
        phase: 'error',
        error: toErrorInfo(new ExtensionError('capture_lost', 'no heartbeat, no capture')),
      });
      return;
    }
    heardFromCapture = true;
    if (markStalled && !session.stalled) await moveTo({ ...session, stalled: true });
    watch(sessionId);
  }

  async function stopNow(): Promise<SessionView> {
    const session = await current();
    if (!isRunning(session) || session.sessionId === null) return session;
    await moveTo({ ...session, phase: 'stopping' });
    try {
      await deps.offscreen.stop(session.sessionId);
    } catch {
      // The capture is gone either way (an offscreen document that died took it with it).
    }
    return moveTo({ ...session, phase: 'idle' });
  }

  async function startNow(tabId: number): Promise<SessionView> {
    const running = await current();
    if (isRunning(running) && running.tabId === tabId) return running;
    if (isRunning(running)) await stopNow();

    const sessionId = deps.newId();
    const starting: SessionView = {
      phase: 'starting',
      sessionId,
      tabId,
      startedAt: null,
      error: null,
    };
    await moveTo(starting);
    try {
      const [accountId] = await Promise.all([deps.accountId(), deps.ensureToken()]);
      const streamId = await deps.getStreamId(tabId).catch((error: unknown) => {
        throw captureRefusal(error);
      });
      const [tab, settings] = await Promise.all([
        deps.describeTab(tabId).catch(() => ({ title: '', url: '' })),
        deps.loadSettings(),
      ]);
      const { startedAt, microphone, microphoneError } = await deps.offscreen.start({
        sessionId,
        accountId,
        tabId,
        streamId,
        ...tab,
        settings,
      });
      watch(sessionId);
      return moveTo({
        ...starting,
        phase: 'live',
        startedAt,
        stream: {
          model: settings.model,
          language: settings.language,
          microphone,
          ...(microphoneError ? { microphoneError } : {}),
        },
      });
    } catch (error) {
      return moveTo({ ...starting, phase: 'error', error: toErrorInfo(error) });
    }
  }

  return {
    // A worker restarted after the offscreen document died would otherwise show a session that
    // no longer exists as live; it asks once, before answering.
    get: async () => {
      const session = await current();
      if (session.phase !== 'live' || heardFromCapture || session.sessionId === null) {
        return session;
      }
      const { sessionId } = session;
      return serialized(async () => {
        await lookInto(sessionId, { markStalled: false });
        return current();
      });
    },
    start: (tabId) => serialized(() => startNow(tabId)),
    stop: () => serialized(stopNow),
    toggle: (tabId) =>
      serialized(async () => {
        const session = await current();
        return isRunning(session) && session.tabId === tabId ? stopNow() : startNow(tabId);
      }),
    captureEnded: (sessionId, error) =>
      serialized(async () => {
        const session = await current();
        if (session.sessionId !== sessionId || !isRunning(session)) return;
        await moveTo({ ...session, phase: error ? 'error' : 'idle', error });
      }),
    connectionChanged: (sessionId, state) =>
      serialized(async () => {
        const session = await current();
        if (session.sessionId !== sessionId || session.phase !== 'live') return;
        const reconnecting = state === 'reconnecting';
        if (Boolean(session.reconnecting) === reconnecting) return;
        const { reconnecting: _, ...streaming } = session;
        await moveTo(reconnecting ? { ...session, reconnecting: true } : streaming);
      }),
    microphoneLost: (sessionId, reason) =>
      serialized(async () => {
        const session = await current();
        if (session.sessionId !== sessionId || session.phase !== 'live' || !session.stream) return;
        await moveTo({
          ...session,
          stream: {
            ...session.stream,
            microphone: 'unavailable',
            microphoneError: { code: reason },
          },
        });
      }),
    heartbeat: (sessionId) =>
      serialized(async () => {
        heardFromCapture = true;
        const session = await current();
        if (session.sessionId !== sessionId || session.phase !== 'live') return;
        watch(sessionId);
        if (session.stalled) {
          const { stalled: _, ...flowing } = session;
          await moveTo(flowing);
        }
      }),
    tabClosed: (tabId) =>
      serialized(async () => {
        const session = await current();
        if (session.tabId === tabId && isRunning(session)) await stopNow();
      }),
  };
}

/** What `tabCapture.getMediaStreamId` refusing means for the user. */
function captureRefusal(error: unknown): ExtensionError {
  const message = error instanceof Error ? error.message : String(error);
  return /Chrome pages cannot be captured|cannot be captured|chrome:\/\//i.test(message)
    ? new ExtensionError('uncapturable', message)
    : /No tab with id/i.test(message)
      ? new ExtensionError('no_tab', message)
      : new ExtensionError('capture_failed', message);
}
