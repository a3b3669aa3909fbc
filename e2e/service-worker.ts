import { expect } from 'vitest';
import type { ExtensionBrowser } from './harness';

type RunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

/**
 * Stops the extension's service worker as Chrome does when it idles, and proves it: the worker is
 * seen running first, then stopped. `ServiceWorker.stopAllWorkers` works only on an extension
 * page's CDP session; sent from a web page's, it leaves the extension's worker running.
 */
export async function stopServiceWorker(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.openPage('options.html');
  await page.waitForLoadState('networkidle');
  const cdp = await browser.context.newCDPSession(page);
  const ours = `chrome-extension://${browser.extensionId}/`;
  /** Every status the worker went through, in order: it may start again at once when messaged. */
  const seen: RunningStatus[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (version.scriptURL.startsWith(ours)) seen.push(version.runningStatus as RunningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  await expect
    .poll(() => seen.at(-1), { message: 'the worker runs before it is stopped' })
    .toBe('running');
  const before = seen.length;
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect
    .poll(() => seen.slice(before), { message: 'the worker stopped' })
    .toContain('stopped');
  await cdp.detach();
  await page.close();
}
