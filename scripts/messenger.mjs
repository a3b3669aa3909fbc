// The product's own typed messenger and envelopes, for benchmarks and screenshots: the same table and validation
// the extension uses (loaded from the TypeScript sources through jiti, as node cannot strip
// every construct they use).
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
/** @type {typeof import('../utils/messaging/client')} */
const { createMessenger } = await jiti.import('../utils/messaging/client.ts');
/** @type {typeof import('../utils/messaging/protocol')} */
export const { envelope } = await jiti.import('../utils/messaging/protocol.ts');
/** @type {typeof import('../utils/errors')} */
const { ExtensionError } = await jiti.import('../utils/errors.ts');

/**
 * Sends requests from an extension page, as the popup does.
 * @param {import('playwright-core').Page} page
 */
export function pageMessenger(page) {
  const request = createMessenger((message) =>
    page.evaluate(
      (envelope) => /** @type {any} */ (globalThis).chrome.runtime.sendMessage(envelope),
      message,
    ),
  );
  /**
   * @template {import('../utils/messaging/protocol').MessageType} T
   * @param {T} type
   * @param {import('../utils/messaging/protocol').RequestOf<T>} [body]
   */
  return (type, body) =>
    request(type, body ?? /** @type {import('../utils/messaging/protocol').RequestOf<T>} */ ({}));
}

/**
 * The recording now; with no offscreen document nothing was recorded yet.
 * @param {ReturnType<typeof pageMessenger>} send
 * @returns {Promise<import('../utils/recording/recording-snapshot').RecordingSnapshot>}
 */
export async function recordingNow(send) {
  try {
    return await send('recording.get');
  } catch (error) {
    if (error instanceof ExtensionError && error.code === 'no_response') {
      return {
        state: { phase: 'idle' },
        transcript: {
          recordingId: null,
          segments: [],
          interim: null,
          annotations: { moments: [], speakerNames: {} },
        },
      };
    }
    throw error;
  }
}
