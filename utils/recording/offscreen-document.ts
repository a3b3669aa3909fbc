/** The slices of `browser.offscreen` and `browser.runtime` the document manager uses. */
export interface OffscreenApis {
  createDocument(parameters: {
    url: string;
    reasons: 'USER_MEDIA'[];
    justification: string;
  }): Promise<void>;
  getContexts(filter: { contextTypes: 'OFFSCREEN_DOCUMENT'[] }): Promise<unknown[]>;
}

export const OFFSCREEN_PATH = 'offscreen.html';

/**
 * Makes sure the offscreen document that owns the audio exists, creating it on first use and
 * reusing it after. Concurrent callers share one creation: Chrome allows a single document, and a
 * second `createDocument` fails.
 */
export function createOffscreenDocumentManager(apis: OffscreenApis) {
  let creating: Promise<void> | null = null;
  return async function ensureOffscreenDocument(): Promise<void> {
    const existing = await apis.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    if (existing.length > 0) return;
    creating ??= apis
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['USER_MEDIA'],
        justification: 'Captures the audio of the tab being transcribed and plays it back.',
      })
      .finally(() => {
        creating = null;
      });
    await creating;
  };
}
