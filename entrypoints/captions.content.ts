import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import {
  captionPositionItem,
  loadCaptions,
  normalizePosition,
  watchCaptions,
} from '../utils/captions/captions-setting';
import { showPageCaptions } from '../utils/captions/page-captions';

// Captions over the recorded tab. Never listed in the manifest: the worker runs this script in
// the recorded tab only, with `scripting` (utils/captions/caption-injector.ts).
export default defineContentScript({
  registration: 'runtime',
  // WXT would otherwise announce the script to the page with window.postMessage.
  noScriptStartedPostMessage: true,
  main() {
    void showPageCaptions({
      doc: document,
      connect: (name) => browser.runtime.connect({ name }),
      loadSetting: loadCaptions,
      watchSetting: watchCaptions,
      loadPosition: async () => normalizePosition(await captionPositionItem.getValue()),
      savePosition: (position) => captionPositionItem.setValue(normalizePosition(position)),
    });
  },
});
