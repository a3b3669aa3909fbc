import { describeError } from '../error-sentences';
import { type ErrorInfo, fromErrorInfo } from '../errors';
import { isRunning, type RecordingState } from './recording-state';

/** The slice of `browser.action` the badge uses. */
export interface ActionApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

export const TITLE = 'Tabscribe';
const RECORDING_RED = '#c5221f';
const WARNING_AMBER = '#b06000';
const BLANK: BadgeLook = { text: '', color: RECORDING_RED, title: TITLE };

const warning = (error: ErrorInfo): BadgeLook => ({
  text: '!',
  color: WARNING_AMBER,
  title: `${TITLE} — ${describeError(fromErrorInfo(error))}`,
});

/**
 * What the toolbar button shows on the recorded tab: "REC" while transcribing, "…" while starting,
 * stopping, reconnecting or hearing nothing (amber then), "!" with the reason in the tooltip after
 * a failure; blank after a recording that ended as asked.
 */
export function badgeFor(state: RecordingState): BadgeLook {
  switch (state.phase) {
    case 'idle':
      return BLANK;
    case 'starting':
      return { text: '…', color: RECORDING_RED, title: `${TITLE} — starting` };
    case 'stopping':
      return { text: '…', color: RECORDING_RED, title: `${TITLE} — stopping` };
    case 'ended':
      return state.error ? warning(state.error) : BLANK;
    case 'live':
      if (state.connection === 'reconnecting') {
        return {
          text: '…',
          color: WARNING_AMBER,
          title: `${TITLE} — reconnecting to the transcription service; the audio is kept meanwhile`,
        };
      }
      if (state.hearing === 'nothing') {
        return {
          text: '…',
          color: WARNING_AMBER,
          title: `${TITLE} — no audio is arriving from this tab`,
        };
      }
      return { text: 'REC', color: RECORDING_RED, title: `${TITLE} — transcribing this tab` };
  }
}

/**
 * The worker's badge: a listener of the owner's states, and of its own refusals (a Start the
 * worker's checks refused, on a tab that has no recording). Chrome clears a tab's badge at every
 * navigation, so the latest look of each marked tab is drawn again when it loads.
 */
export function createBadge(action: ActionApi) {
  /** The recording last heard from the owner: which tab it marks. */
  let recording: RecordingState = { phase: 'idle' };
  /**
   * What went wrong on a tab that the owner cannot tell: a start the worker refused, or an owner
   * that died mid-recording. Cleared by the next start, and by signing in.
   */
  const refusals = new Map<number, ErrorInfo>();

  const lookOf = (tabId: number): BadgeLook => {
    const refusal = refusals.get(tabId);
    if (refusal) return warning(refusal);
    return recording.phase !== 'idle' && recording.tabId === tabId ? badgeFor(recording) : BLANK;
  };
  const draw = async (tabId: number) => {
    const { text, color, title } = lookOf(tabId);
    await Promise.all([
      action.setBadgeText({ tabId, text }),
      action.setBadgeBackgroundColor({ tabId, color }),
      action.setTitle({ tabId, title }),
    ]).catch(() => undefined); // The tab closed meanwhile.
  };

  return {
    /** A state from the owner. */
    async show(state: RecordingState) {
      const before = recording;
      recording = state;
      if (isRunning(state)) refusals.delete(state.tabId);
      if (before.phase !== 'idle' && (state.phase === 'idle' || before.tabId !== state.tabId)) {
        await draw(before.tabId);
      }
      if (state.phase !== 'idle') await draw(state.tabId);
    },
    /**
     * The owner's port closed while it was recording: the owner died with it. Nobody else can
     * say so, so the tab keeps the news (for its badge and its popup) like a refusal.
     */
    async ownerGone(at: number) {
      if (!isRunning(recording)) return;
      const { recordingId, tabId } = recording;
      refusals.set(tabId, { code: 'capture_lost' });
      await this.show({
        phase: 'ended',
        recordingId,
        tabId,
        startedAt: recording.phase === 'starting' ? null : recording.startedAt,
        endedAt: at,
        reason: 'failed',
        error: { code: 'capture_lost' },
        saved: recording.phase !== 'starting',
      });
    },
    async refused(tabId: number, error: ErrorInfo) {
      refusals.set(tabId, error);
      await draw(tabId);
    },
    /** Refusals no longer hold (the user signed in, or a new start is under way). */
    async forgetRefusals() {
      const tabs = [...refusals.keys()];
      refusals.clear();
      await Promise.all(tabs.map(draw));
    },
    refusalOn: (tabId: number): ErrorInfo | null => refusals.get(tabId) ?? null,
    /** The tab navigated (Chrome cleared its badge) or closed. */
    async tabLoading(tabId: number) {
      if (refusals.has(tabId) || (recording.phase !== 'idle' && recording.tabId === tabId)) {
        await draw(tabId);
      }
    },
    tabClosed(tabId: number) {
      refusals.delete(tabId);
    },
    get recording(): RecordingState {
      return recording;
    },
  };
}

export type Badge = ReturnType<typeof createBadge>;
