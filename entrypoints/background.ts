import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import {
  createAccountService,
  createUnconfiguredAccountService,
} from '../utils/account/account-service';
import { sessionUserId } from '../utils/account/stored-session';
import { AUTH_STORAGE_KEY, createSupabaseClient } from '../utils/account/supabase-client';
import { createBackgroundHandlers } from '../utils/background-handlers';
import { startWorkerCaptions } from '../utils/captions/worker-captions';
import { readBuildConfig } from '../utils/config';
import { ExtensionError } from '../utils/errors';
import { createMessenger } from '../utils/messaging/client';
import { createMessageRouter, isExtensionPage } from '../utils/messaging/router';
import { createBadge } from '../utils/recording/badge';
import { createOffscreenDocumentManager } from '../utils/recording/offscreen-document';
import { listenToOwner } from '../utils/recording/owner-link';
import { createRecordingStarter } from '../utils/recording/recording-starter';
import { removeAccountTranscripts } from '../utils/saved/account-database';
import { loadSettings } from '../utils/settings/settings-storage';
import { MARK_MOMENT_COMMAND, SIDE_PANEL_COMMAND, TOGGLE_COMMAND } from '../utils/shortcut';
import { createTokenBroker } from '../utils/token/token-broker';
import { createTokenMinter } from '../utils/token/token-minter';

export default defineBackground(() => {
  const { supabase } = readBuildConfig(import.meta.env);
  const account = supabase
    ? createAccountService({
        auth: createSupabaseClient({ ...supabase, storage: browser.storage.local }).auth,
        launchWebAuthFlow: (url) =>
          browser.identity.launchWebAuthFlow({ url, interactive: true }).then((to) => to ?? ''),
        oauthRedirectUrl: browser.identity.getRedirectURL(),
      })
    : createUnconfiguredAccountService();
  const broker = createTokenBroker({
    getCaller: () => account.getCaller(),
    mint: supabase
      ? createTokenMinter({
          supabaseUrl: supabase.url,
          publishableKey: supabase.publishableKey,
          fetch: (...args) => fetch(...args),
          now: Date.now,
        })
      : () => Promise.reject(new Error('no Supabase project in this build')),
    cache: browser.storage.session,
    now: Date.now,
  });

  const askOwner = createMessenger((message) => browser.runtime.sendMessage(message));
  const ownerExists = async () =>
    (await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0;
  const badge = createBadge(browser.action);
  const recordings = createRecordingStarter({
    ensureToken: () => broker.getToken(),
    accountId: async () => {
      const state = await account.getAccount();
      if (!state.signedIn) throw new ExtensionError('signed_out');
      return state.userId;
    },
    getStreamId: (tabId) => browser.tabCapture.getMediaStreamId({ targetTabId: tabId }),
    // activeTab: invoking Tabscribe on a tab lets it read that tab's title and address.
    describeTab: async (tabId) => {
      const tab = await browser.tabs.get(tabId);
      return { title: tab.title ?? '', url: tab.url ?? '' };
    },
    loadSettings,
    ensureOwner: createOffscreenDocumentManager({
      createDocument: (parameters) => browser.offscreen.createDocument(parameters),
      getContexts: (filter) => browser.runtime.getContexts(filter),
    }),
    ownerExists,
    owner: {
      start: (request) => askOwner('capture.start', request),
      stop: (reason) => askOwner('recording.stop', { reason }),
      get: () => askOwner('recording.state', {}),
      transcriptsRemoved: (accountId) => askOwner('recording.transcripts-removed', { accountId }),
    },
    badge,
    newId: () => crypto.randomUUID(),
    // activeTab (the user invoked Tabscribe on this tab) lets the probe in; `scripting` runs it.
    probeMedia: (tabId) =>
      browser.scripting.executeScript({
        target: { tabId },
        files: ['/content-scripts/media-clock.js'],
      }),
  });
  listenToOwner({
    onConnect: browser.runtime.onConnect,
    isOwnPage: (port) =>
      port.sender !== undefined &&
      isExtensionPage(port.sender, browser.runtime.id, browser.runtime.getURL('/')),
    ownerExists,
    badge,
    followers: [startWorkerCaptions()],
    now: Date.now,
  });

  browser.runtime.onMessage.addListener(
    createMessageRouter({
      owner: 'background',
      extensionId: browser.runtime.id,
      extensionOrigin: browser.runtime.getURL('/'),
      handlers: createBackgroundHandlers({
        account,
        broker,
        commands: browser.commands,
        recordings,
        badge,
        removeTranscriptsOf: removeAccountTranscripts,
      }),
    }),
  );

  // The shortcut works with no popup open: it toggles the tab it was pressed on. Signed out,
  // it opens the page where signing in happens instead of failing silently.
  // The tab also shows "!" with the reason, whatever the refusal.
  browser.commands.onCommand.addListener((command, tab) => {
    // Called at once, inside the key press: `sidePanel.open` needs the user's gesture.
    if (command === SIDE_PANEL_COMMAND && tab?.windowId !== undefined) {
      void browser.sidePanel.open({ windowId: tab.windowId });
      return;
    }
    // A moment belongs to the recording running now, whichever tab is in front.
    if (command === MARK_MOMENT_COMMAND) {
      void ownerExists().then(async (exists) => {
        if (exists) await askOwner('recording.mark-moment', {});
      });
      return;
    }
    if (command !== TOGGLE_COMMAND || tab?.id === undefined) return;
    recordings.toggle(tab.id).catch((error: unknown) => {
      if (error instanceof ExtensionError && error.code === 'signed_out') {
        void browser.runtime.openOptionsPage();
      }
    });
  });
  browser.tabs.onRemoved.addListener((tabId) => void recordings.tabClosed(tabId));
  // Chrome clears a tab's badge when it navigates; the recording goes on, and so does its mark.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' || change.status === 'complete') void badge.tabLoading(tabId);
  });

  // Signing out or in as someone else, from any context, changes the stored session: the
  // broker must never hand the previous user's token on, and the running transcription (theirs)
  // stops cleanly, saved. A refreshed session of the same user changes neither.
  browser.storage.local.onChanged.addListener((changes) => {
    const change = changes[AUTH_STORAGE_KEY];
    if (!change) return;
    const user = sessionUserId(change.newValue);
    const before = sessionUserId(change.oldValue);
    void broker.sessionChanged(user);
    if (user !== before && before !== null) void recordings.stop('signed_out');
    // What signing in mends (a refused start, a recording that ended signed out) is no longer
    // an error anyone is shown.
    if (user !== null && user !== before) {
      void badge.forgetRefusals();
      void ownerExists().then(async (exists) => {
        if (exists) await askOwner('recording.signed-in', { accountId: user });
      });
    }
  });

  // A new user's first step is signing in, which happens on the options page.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});
