import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { leaveOutUnusedModules } from './build/unused-modules';
import { readBuildConfig } from './utils/config';
import { MARK_MOMENT_COMMAND, SIDE_PANEL_COMMAND, TOGGLE_COMMAND } from './utils/shortcut';

// Test builds (TABSCRIBE_ENV_FILES=ignore) are configured by the environment they are given and
// nothing else: the .env files that point a developer's builds at their own Supabase project must
// not reach them. WXT loads those files into process.env after it has read this file, so the
// environment as given is kept here and put back; Vite, which reads them again, is told not to.
const ignoreEnvFiles = process.env.TABSCRIBE_ENV_FILES === 'ignore';
const givenEnv = { ...process.env };

function restoreGivenBuildEnv(): void {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('WXT_') || name.startsWith('VITE_')) {
      const given = givenEnv[name];
      if (given === undefined) delete process.env[name];
      else process.env[name] = given;
    }
  }
}

export default defineConfig({
  // webextension-polyfill behind `wxt/browser`: promise-based APIs with one shape everywhere.
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports read better than globals that appear from nowhere.
  imports: false,
  // Test builds, configured for the local stack, go beside the release build, not over it.
  outDir: process.env.TABSCRIBE_OUT_DIR ?? '.output',
  vite: () => ({
    // The clients' modules the extension never reaches (a class getter keeps them): see the file.
    plugins: [preact(), leaveOutUnusedModules(import.meta.dirname)],
    // The few chunks the pages load with `import()` (an export's formats, a seek) are read from
    // the extension's own files when the user asks: listing their imports for Vite's helper to
    // preload (≈1 kB in the popup and the side panel) would only fetch them a moment sooner.
    build: { modulePreload: false },
    ...(ignoreEnvFiles ? { envDir: false as const } : {}),
  }),
  hooks: {
    'config:resolved': () => {
      if (ignoreEnvFiles) restoreGivenBuildEnv();
    },
    // WXT has loaded the .env files into process.env by now: a half-configured build stops here,
    // naming the variable, instead of shipping an extension that fails at sign-in.
    'build:before': () => {
      readBuildConfig(process.env);
      // Test hooks reach only the builds the tests make, never one made from a developer's .env.
      if (process.env.WXT_TABSCRIBE_TEST_HOOKS && !ignoreEnvFiles) {
        throw new Error(
          'WXT_TABSCRIBE_TEST_HOOKS is for test builds (scripts/configured-build.mjs).',
        );
      }
    },
  },
  manifest: {
    name: 'Tabscribe',
    description: 'Live transcripts of any tab: meetings, lectures, videos and podcasts.',
    // tabCapture: the tab's audio; offscreen: a document that outlives the popup to hold the
    // capture; storage: the session and settings; identity: the Google sign-in window
    // (launchWebAuthFlow); activeTab: the title and address of the tab the user invoked
    // Tabscribe on, for the saved transcript (no install warning, no access to other tabs).
    // sidePanel: the view that stays beside the tab (entrypoints/sidepanel). scripting: the
    // captions and the media probe, put into the recorded tab only (entrypoints/*.content.ts),
    // under activeTab's grant (no install warning).
    // Add a permission only with the feature that needs it.
    permissions: [
      'tabCapture',
      'offscreen',
      'storage',
      'identity',
      'activeTab',
      'sidePanel',
      'scripting',
    ],
    // Asked for once, from the popup or the side panel, only when the recorded tab has moved to
    // a site activeTab's grant does not reach and captions are on (utils/captions/caption-access).
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // 116: the offscreen document's USER_MEDIA reason and tabCapture.getMediaStreamId from a
    // service worker are both available from this version on.
    minimum_chrome_version: '116',
    action: { default_title: 'Tabscribe' },
    commands: {
      [TOGGLE_COMMAND]: {
        // Alt+Shift+T clashes in Chromium and is silently left unassigned; Y is assigned.
        suggested_key: { default: 'Alt+Shift+Y' },
        description: 'Start or stop transcribing the current tab',
      },
      [SIDE_PANEL_COMMAND]: {
        // Checked with commands.getAll() in Chromium: K is assigned (U is the benchmark's peer's,
        // M is kept for marking a moment).
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Open the side panel beside the current tab',
      },
      [MARK_MOMENT_COMMAND]: {
        // The key kept for it; e2e/moments.e2e.test.ts checks Chromium assigns it.
        suggested_key: { default: 'Alt+Shift+M' },
        description: 'Mark a moment in the transcript being recorded',
      },
    },
  },
});
