import type { RecordingState } from '../recording/recording-state';
import { type CaptionsProblem, mayDrawOn, whyNotDrawn } from './caption-access';

/**
 * The worker's part in the captions: draws them into the recorded tab when a recording goes live
 * with "Show captions on the page" on, again when the tab loads a new page or the setting is
 * turned on, and says why when it cannot. The captions remove themselves (their port closes when
 * the recording ends; they watch the setting), so the worker never has to reach into the tab again.
 * Nothing is drawn into any tab but the recorded one.
 */

export interface CaptionInjectorDeps {
  /** Whether "Show captions on the page" is on. */
  captionsShown(): Promise<boolean>;
  /** The tab's address, when a grant lets the worker read it. */
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Runs the captions' script in the tab's top frame (it does nothing when already there). */
  draw(tabId: number): Promise<void>;
  /** Whether the optional host permission for captions is granted. */
  hostAccess(): Promise<boolean>;
  setProblem(problem: CaptionsProblem | null): Promise<void>;
  logError(message: string, error: unknown): void;
}

export interface CaptionInjector {
  /** Each state the recording's owner reports. */
  recordingState(state: RecordingState): Promise<void>;
  /** A tab finished loading a page: the recorded tab's captions went with the old one. */
  tabLoaded(tabId: number): Promise<void>;
  /** The setting changed, or the optional host permission was granted. */
  retry(): Promise<void>;
}

export function createCaptionInjector(deps: CaptionInjectorDeps): CaptionInjector {
  let live: { recordingId: string; tabId: number } | null = null;
  /** The recording whose captions are drawn on the tab's current page. */
  let drawnFor: string | null = null;

  async function drawIfShown() {
    const recording = live;
    if (!recording || drawnFor === recording.recordingId) return;
    if (!(await deps.captionsShown())) return;
    const { recordingId, tabId } = recording;
    if ((await deps.tabUrl(tabId).then(mayDrawOn, () => null)) === false) {
      await deps.setProblem({ recordingId, reason: 'not_here' });
      return;
    }
    try {
      await deps.draw(tabId);
      if (live?.recordingId === recordingId) drawnFor = recordingId;
      await deps.setProblem(null);
    } catch (error) {
      const reason = whyNotDrawn(await deps.hostAccess().catch(() => false));
      if (reason === 'not_here') deps.logError('Captions could not be drawn', error);
      await deps.setProblem({ recordingId, reason });
    }
  }

  return {
    async recordingState(state) {
      if (state.phase === 'live') {
        if (live?.recordingId !== state.recordingId) drawnFor = null;
        live = { recordingId: state.recordingId, tabId: state.tabId };
        await drawIfShown();
        return;
      }
      if (state.phase === 'stopping') return;
      const hadOne = live !== null;
      live = null;
      drawnFor = null;
      if (hadOne || state.phase === 'ended') await deps.setProblem(null);
    },
    async tabLoaded(tabId) {
      if (live?.tabId !== tabId) return;
      drawnFor = null;
      await drawIfShown();
    },
    async retry() {
      drawnFor = null;
      await drawIfShown();
    },
  };
}
