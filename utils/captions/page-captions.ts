import type { Port } from '../recording/recording-channel';
import { CAPTIONS_PORT, parseToCaptions } from './caption-channel';
import { type CaptionOverlay, createCaptionOverlay } from './caption-overlay';
import type { CaptionPosition, CaptionsSetting } from './captions-setting';

/**
 * The captions' script in the recorded tab, from the worker's injection to the recording's end:
 * reads the setting, draws the overlay, connects to the recording's owner and shows what it sends.
 * It takes itself away when the port closes (the recording ended, or its owner is gone) or the
 * setting is turned off. Injected again on the same page, it does nothing: one set of captions.
 */

export interface PageCaptionsDeps {
  doc: Document;
  connect(name: string): Port;
  loadSetting(): Promise<CaptionsSetting>;
  watchSetting(onChange: (setting: CaptionsSetting) => void): () => void;
  loadPosition(): Promise<CaptionPosition>;
  savePosition(position: CaptionPosition): Promise<void>;
}

/** Set while this page shows captions; the isolated world's global is invisible to the page. */
const RUNNING = Symbol.for('tabscribe.captions.running');
type Scope = typeof globalThis & { [RUNNING]?: boolean };

/** Shows the captions; resolves to what takes them away (for tests: the page never calls it). */
export async function showPageCaptions(deps: PageCaptionsDeps): Promise<() => void> {
  const scope = globalThis as Scope;
  if (scope[RUNNING]) return () => {};
  scope[RUNNING] = true;
  let overlay: CaptionOverlay | null = null;
  let port: Port | null = null;
  let unwatch = () => {};
  const finish = () => {
    unwatch();
    overlay?.remove();
    overlay = null;
    port?.disconnect();
    port = null;
    scope[RUNNING] = false;
  };
  try {
    const [setting, position] = await Promise.all([deps.loadSetting(), deps.loadPosition()]);
    if (!setting.shown) {
      finish();
      return finish;
    }
    overlay = createCaptionOverlay(deps.doc, {
      size: setting.size,
      position,
      onMoved: (moved) => void deps.savePosition(moved).catch(() => undefined),
    });
    unwatch = deps.watchSetting((changed) => {
      if (!changed.shown) finish();
      else overlay?.setSize(changed.size);
    });
    port = deps.connect(CAPTIONS_PORT);
    port.onMessage.addListener((raw: unknown) => {
      const message = parseToCaptions(raw);
      if (message) overlay?.show(message);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      finish();
    });
  } catch {
    // The extension was reloaded or updated under this page: nothing of it is left to show.
    finish();
  }
  return finish;
}
