import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { launchExtension } from './harness';

const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const zipPath = join(root, '.output', `tabscribe-${version}-chrome.zip`);
const unpacked = mkdtempSync(join(tmpdir(), 'tabscribe-zip-'));
afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

it('installs from the store zip that `npm run zip` writes', async () => {
  expect(existsSync(zipPath), zipPath).toBe(true);
  // Unpacking the zip and loading that folder is what the Web Store does with it.
  execFileSync('python3', ['-m', 'zipfile', '-e', zipPath, unpacked]);

  const browser = await launchExtension('light', unpacked);
  try {
    const popup = await browser.openPage('popup.html');
    await popup.getByRole('button', { name: 'Sign in' }).waitFor();
    await popup.locator('kbd').first().waitFor();
    expect(browser.errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
