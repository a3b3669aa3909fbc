import { describeError, fromErrorInfo } from '../errors';
import type { SessionView } from './session-view';

/** The slice of `browser.action` the indicator uses. */
export interface ActionApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

export const TITLE = 'Tabscribe';
const RECORDING_RED = '#c5221f';
const WARNING_AMBER = '#b06000';

/**
 * Shows on the toolbar button, for that tab only, what Tabscribe is doing there: "REC" while
 * transcribing, "…" while starting, stopping or reconnecting (amber then), "!" with the reason
 * in the tooltip after a failure.
 */
export function createTabIndicator(action: ActionApi) {
  return async (tabId: number, view: SessionView): Promise<void> => {
    const { text, color, title } = describe(view);
    await Promise.all([
      action.setBadgeText({ tabId, text }),
      action.setBadgeBackgroundColor({ tabId, color }),
      action.setTitle({ tabId, title }),
    ]);
  };
}

function describe(view: SessionView): { text: string; color: string; title: string } {
  switch (view.phase) {
    case 'live':
      if (view.stalled) {
        return {
          text: '…',
          color: WARNING_AMBER,
          title: `${TITLE} — no audio is arriving from this tab`,
        };
      }
      return view.reconnecting
        ? {
            text: '…',
            color: WARNING_AMBER,
            title: `${TITLE} — reconnecting to the transcription service; the audio is kept meanwhile`,
          }
        : { text: 'REC', color: RECORDING_RED, title: `${TITLE} — transcribing this tab` };
    case 'starting':
      return { text: '…', color: RECORDING_RED, title: `${TITLE} — starting` };
    case 'stopping':
      return { text: '…', color: RECORDING_RED, title: `${TITLE} — stopping` };
    case 'error':
      return {
        text: '!',
        color: WARNING_AMBER,
        title: `${TITLE} — ${describeError(view.error ? fromErrorInfo(view.error) : null)}`,
      };
    case 'idle':
      return { text: '', color: RECORDING_RED, title: TITLE };
  }
}
