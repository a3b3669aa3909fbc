import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import {
  type FromProbe,
  MEDIA_CLOCK_PORT,
  parseSeek,
  type SeekReply,
} from '../utils/media/media-clock-channel';
import { startMediaProbe } from '../utils/media/media-probe';

// Put into the recorded tab by the worker at each Start (chrome.scripting, under activeTab), never
// by the manifest: it reads the page's media element for the recording, and seeks it for a view.
export default defineContentScript({
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  main() {
    // A second recording of the same page finds the probe already there: it reconnects.
    const flag = globalThis as { tabscribeMediaClock?: () => void };
    flag.tabscribeMediaClock?.();
    const port = browser.runtime.connect({ name: MEDIA_CLOCK_PORT });
    const probe = startMediaProbe(
      document,
      (reading) => port.postMessage({ type: 'reading', reading } satisfies FromProbe),
      Date.now,
    );
    const onSeek = (raw: unknown): Promise<SeekReply> | undefined => {
      const seek = parseSeek(raw);
      if (!seek) return undefined;
      return Promise.resolve({ sought: seek.url === location.href && probe.seek(seek.seconds) });
    };
    browser.runtime.onMessage.addListener(onSeek);
    const stop = () => {
      probe.stop();
      browser.runtime.onMessage.removeListener(onSeek);
      port.disconnect();
    };
    port.onDisconnect.addListener(() => probe.stop());
    flag.tabscribeMediaClock = stop;
  },
});
