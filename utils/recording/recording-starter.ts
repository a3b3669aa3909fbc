import { ExtensionError, toErrorInfo } from '../errors';
import type { TranscriptionSettings } from '../settings/transcription-settings';
import type { Badge } from './badge';
import type { CaptureRequest } from './capture-request';
import { IDLE, isRunning, type RecordingState } from './recording-state';

/**
 * The worker's part in a recording: the checks only it can make before a start (the account,
 * a token, the tab's stream id, the tab itself), then the hand-over to the owner in the
 * offscreen document, which it creates meanwhile. It keeps no recording state: it asks the owner.
 * A refused start is the worker's own news: the caller gets the error, the tab gets a "!".
 */

export interface RecordingStarterDeps {
  /** Throws `signed_out` (and the broker's other errors) before any capture starts. */
  ensureToken(): Promise<unknown>;
  /** The signed-in account, whose transcripts the recording joins; throws `signed_out`. */
  accountId(): Promise<string>;
  /** `tabCapture.getMediaStreamId` for the tab. */
  getStreamId(tabId: number): Promise<string>;
  /** The tab's title and address, for the saved transcript ('' where Chrome does not say). */
  describeTab(tabId: number): Promise<{ title: string; url: string }>;
  loadSettings(): Promise<TranscriptionSettings>;
  /** Creates the offscreen document unless it exists. */
  ensureOwner(): Promise<void>;
  /** Whether the offscreen document exists (without it, nothing is recording). */
  ownerExists(): Promise<boolean>;
  owner: {
    start(request: CaptureRequest): Promise<RecordingState>;
    stop(reason: 'stopped' | 'tab_closed' | 'signed_out'): Promise<RecordingState>;
    get(): Promise<RecordingState>;
    /** The account's transcripts are gone: its last recording's words, held by the owner, too. */
    transcriptsRemoved(accountId: string): Promise<RecordingState>;
  };
  badge: Badge;
  newId(): string;
  /**
   * Puts the media probe into the recorded tab (for segments' media times); a page it cannot
   * enter (no media, a Chrome page) only means segments without them.
   */
  probeMedia(tabId: number): Promise<unknown>;
}

export function createRecordingStarter(deps: RecordingStarterDeps) {
  /** One at a time: a shortcut pressed twice quickly waits for the first. */
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation, operation);
    queue = result.catch(() => undefined);
    return result;
  };

  const current = async (): Promise<RecordingState> =>
    (await deps.ownerExists()) ? deps.owner.get() : IDLE;

  async function stopNow(reason: 'stopped' | 'tab_closed' | 'signed_out') {
    return (await deps.ownerExists()) ? deps.owner.stop(reason) : IDLE;
  }

  /** `known`: the state the caller has just asked the owner for (the toggle), not asked again. */
  async function startNow(tabId: number, known?: RecordingState): Promise<RecordingState> {
    const running = known ?? (await current());
    if (isRunning(running) && running.tabId === tabId) return running;
    await deps.badge.forgetRefusals();
    let request: CaptureRequest;
    try {
      const owner = deps.ensureOwner();
      owner.catch(() => undefined); // Awaited below, unless a check fails first.
      // The account first (a local read): a signed-out user's start asks Chrome for nothing.
      // Then the token beside the stream id, so a token that must be minted (a round trip to
      // the function) does not hold the capture back.
      const accountId = await deps.accountId();
      const [streamId] = await Promise.all([
        deps.getStreamId(tabId).catch((error: unknown) => {
          throw captureRefusal(error);
        }),
        deps.ensureToken(),
      ]);
      const [tab, settings] = await Promise.all([
        deps.describeTab(tabId).catch(() => ({ title: '', url: '' })),
        deps.loadSettings(),
        owner,
      ]);
      request = {
        recordingId: deps.newId(),
        accountId,
        tabId,
        streamId,
        ...tab,
        settings: { ...settings },
      };
    } catch (error) {
      await deps.badge.refused(tabId, toErrorInfo(error));
      throw error;
    }
    // From here the owner's state tells how the start went, including its failure.
    const started = await deps.owner.start(request).catch(() => deps.owner.get());
    if (started.phase === 'live') void deps.probeMedia(tabId).catch(() => undefined);
    return started;
  }

  return {
    start: (tabId: number) => serialized(() => startNow(tabId)),
    stop: (reason: 'stopped' | 'tab_closed' | 'signed_out' = 'stopped') =>
      serialized(() => stopNow(reason)),
    /** Start on this tab unless it is the one being recorded, in which case stop. */
    toggle: (tabId: number) =>
      serialized(async () => {
        const running = await current();
        return isRunning(running) && running.tabId === tabId
          ? stopNow('stopped')
          : startNow(tabId, running);
      }),
    /** After the account's transcripts were removed: the owner lets its last recording go. */
    transcriptsRemoved: (accountId: string) =>
      serialized(async () =>
        (await deps.ownerExists()) ? deps.owner.transcriptsRemoved(accountId) : IDLE,
      ),
    tabClosed: (tabId: number) =>
      serialized(async () => {
        deps.badge.tabClosed(tabId);
        const running = await current();
        return isRunning(running) && running.tabId === tabId ? stopNow('tab_closed') : running;
      }),
  };
}

export type RecordingStarter = ReturnType<typeof createRecordingStarter>;

/** What `tabCapture.getMediaStreamId` refusing means for the user. */
function captureRefusal(error: unknown): ExtensionError {
  const message = error instanceof Error ? error.message : String(error);
  return /cannot be captured|chrome:\/\//i.test(message)
    ? new ExtensionError('uncapturable', message)
    : /No tab with id/i.test(message)
      ? new ExtensionError('no_tab', message)
      : new ExtensionError('capture_failed', message);
}
