import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIGURED_EXTENSION_DIR, EXTENSION_DIR } from './harness';

// What installing Tabscribe asks of Chrome, read from the manifests the build wrote. Every key
// and permission here is one wxt.config.ts declares; anything a build tool adds on its own (a
// page named like a Chrome page becomes an override of it) fails here until it is wanted.

const DECLARED_KEYS = [
  'action',
  'background',
  'commands',
  'description',
  'icons',
  'manifest_version',
  'minimum_chrome_version',
  'name',
  'options_ui',
  'permissions',
  'side_panel',
  'version',
];
const DECLARED_PERMISSIONS = [
  'activeTab',
  'identity',
  'offscreen',
  'scripting',
  'sidePanel',
  'storage',
  'tabCapture',
];

const builtManifest = (extensionDir: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));

const builtScripts = (extensionDir: string) =>
  readdirSync(extensionDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.js'),
  );

describe('the built manifest', () => {
  for (const [build, extensionDir] of [
    ['release', EXTENSION_DIR],
    ['test', CONFIGURED_EXTENSION_DIR],
  ] as const) {
    it(`asks for what is declared and nothing else (${build} build)`, () => {
      const manifest = builtManifest(extensionDir);
      expect(Object.keys(manifest).sort()).toEqual(DECLARED_KEYS);
      expect((manifest.permissions as string[]).toSorted()).toEqual(DECLARED_PERMISSIONS);
      for (const undeclared of [
        'chrome_url_overrides',
        'host_permissions',
        'optional_permissions',
        'optional_host_permissions',
        'content_scripts',
        'web_accessible_resources',
      ]) {
        expect(manifest, undeclared).not.toHaveProperty(undeclared);
      }
    });
  }

  it('has test hooks only in the test build (the history page hands benchmarks its store; the popup as a page takes its tab from ?tab=)', () => {
    const code = (extensionDir: string) =>
      builtScripts(extensionDir)
        .map((file) => readFileSync(join(extensionDir, file), 'utf8'))
        .join('\n');
    // Compared as booleans: a failure names the hook, not a megabyte of minified code.
    // Premise: the hooks are found where they are built in (the popup reads `?tab=`).
    const popupTabHook = /\.get\([`"']tab[`"']\)/;
    const testBuild = code(CONFIGURED_EXTENSION_DIR);
    expect(testBuild.includes('tabscribeStore')).toBe(true);
    expect(popupTabHook.test(testBuild)).toBe(true);
    const release = code(EXTENSION_DIR);
    for (const hook of ['tabscribeStore', 'elementtiming']) {
      expect(release.includes(hook), hook).toBe(false);
    }
    expect(popupTabHook.test(release), '?tab=').toBe(false);
  });

  it('links only to extension pages the build has (the popup opens transcripts.html)', () => {
    const scripts = builtScripts(EXTENSION_DIR);
    const linked = new Set(
      scripts.flatMap((file) =>
        [
          ...readFileSync(join(EXTENSION_DIR, file), 'utf8').matchAll(/[`"']\/?([a-z-]+\.html)\b/g),
        ].map(([, page]) => page as string),
      ),
    );
    // A page named in a string, as code opens it (not a URL inside a sentence). Premise: the
    // pages opened from script are found (the popup's link, the offscreen document).
    expect(linked).toContain('transcripts.html');
    expect(linked).toContain('offscreen.html');
    for (const page of linked) expect(existsSync(join(EXTENSION_DIR, page)), page).toBe(true);
  });
});
