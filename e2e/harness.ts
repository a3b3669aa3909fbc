import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { launchWithExtension } from '../scripts/chromium.mjs';

/** The release build: no Supabase project configured. */
export const EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3');
/** Where the global setup builds the extension configured for the local stack (`startConfiguredStack` named 'e2e'). */
export const CONFIGURED_EXTENSION_DIR = resolve(import.meta.dirname, '../.output/e2e/chrome-mv3');
/** The users the local Auth knows from the start. */
export const ADA = { email: 'ada@example.com', password: 'correct horse battery' };
/** A second user, for what one account must never see of another's. */
export const GRACE = { email: 'grace@example.com', password: 'battery staple horse' };

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Opens one of the extension's pages in a tab and records its console errors. */
  openPage(path: string): Promise<Page>;
  /** Console errors and uncaught exceptions of every page opened with `openPage`. */
  errors: string[];
  /** The profile folder: a browser launched again on it finds what this one saved. */
  userDataDir: string;
  close(): Promise<void>;
  /** Ends every process of this browser at once (SIGKILL), as a crash would; keeps the profile. */
  kill(): Promise<void>;
}

/** A fresh Chromium profile with the built extension (or another unpacked copy) installed. */
export async function launchExtension(
  colorScheme: 'light' | 'dark' = 'light',
  extensionDir = EXTENSION_DIR,
  profile?: string,
  /** More Chromium flags (a fake microphone, for one). */
  args: string[] = [],
): Promise<ExtensionBrowser> {
  const userDataDir = profile ?? (await mkdtemp(join(tmpdir(), 'tabscribe-e2e-')));
  const { context, worker, extensionId } = await launchWithExtension(extensionDir, {
    userDataDir,
    colorScheme,
    args,
  });
  const errors: string[] = [];
  return {
    context,
    worker,
    extensionId,
    errors,
    async openPage(path) {
      const open = async () => {
        const page = await context.newPage();
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(`${path}: ${message.text()}`);
        });
        page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
        await page.goto(`chrome-extension://${extensionId}/${path}`);
        return page;
      };
      try {
        return await open();
      } catch (error) {
        // Chrome opens the options page of a newly installed extension in the blank tab it
        // finds (a profile killed right after the install counts as new again): that tab is
        // the options page now, and ours opens in another.
        if (!/interrupted by another navigation/.test(String(error))) throw error;
        return open();
      }
    },
    userDataDir,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
    async kill() {
      for (const pid of await readdir('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (commandLine.includes(userDataDir)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
      await context.close().catch(() => undefined);
    },
  };
}
