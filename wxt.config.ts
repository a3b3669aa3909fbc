import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { readBuildConfig } from './utils/config';
import { TOGGLE_COMMAND } from './utils/shortcut';

export default defineConfig({
  // webextension-polyfill behind `wxt/browser`: promise-based APIs with one shape everywhere.
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports read better than globals that appear from nowhere.
  imports: false,
  // Test builds, configured for the local stack, go beside the release build, not over it.
  outDir: process.env.TABSCRIBE_OUT_DIR ?? '.output',
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // WXT has loaded the .env files into process.env by now: a half-configured build stops here,
    // naming the variable, instead of shipping an extension that fails at sign-in.
    'build:before': () => {
      readBuildConfig(process.env);
    },
  },
  manifest: {
    name: 'Tabscribe',
    description: 'Live transcripts of any tab: meetings, lectures, videos and podcasts.',
    // tabCapture: the tab's audio; offscreen: a document that outlives the popup to hold the
    // capture; storage: the session and settings; identity: the Google sign-in window
    // (launchWebAuthFlow); activeTab: the title and address of the tab the user invoked
    // Tabscribe on, for the saved transcript (no install warning, no access to other tabs).
    // Add a permission only with the feature that needs it.
    permissions: ['tabCapture', 'offscreen', 'storage', 'identity', 'activeTab'],
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
    },
  },
});
