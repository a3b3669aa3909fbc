import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import {
  createAccountService,
  createUnconfiguredAccountService,
} from '../utils/auth/account-service';
import { sessionUserId } from '../utils/auth/stored-session';
import { AUTH_STORAGE_KEY, createSupabaseClient } from '../utils/auth/supabase-client';
import { createBackgroundHandlers } from '../utils/background-handlers';
import { readBuildConfig } from '../utils/config';
import { ExtensionError } from '../utils/errors';
import { createMessenger } from '../utils/messaging/client';
import { createPublisher } from '../utils/messaging/events';
import { createMessageRouter } from '../utils/messaging/router';
import { createOffscreenDocumentManager } from '../utils/session/offscreen-document';
import { createSessionController } from '../utils/session/session-controller';
import { createTabIndicator } from '../utils/session/tab-indicator';
import { loadSettings } from '../utils/settings/settings-storage';
import { TOGGLE_COMMAND } from '../utils/shortcut';
import { removeAccountTranscripts } from '../utils/storage/account-transcripts';
import { createTokenBroker } from '../utils/token-broker';
import { createTokenMinter } from '../utils/token-minter';

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

  const send = (message: unknown) => browser.runtime.sendMessage(message);
  const askOffscreen = createMessenger(send);
  const publish = createPublisher(send);
  const ensureOffscreenDocument = createOffscreenDocumentManager({
    createDocument: (parameters) => browser.offscreen.createDocument(parameters),
    getContexts: (filter) => browser.runtime.getContexts(filter),
  });
  const sessions = createSessionController({
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
    captureRunning: async (sessionId) => {
      const documents = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
      if (documents.length === 0) return false;
      return (await askOffscreen('capture.status', {})).sessionId === sessionId;
    },
    offscreen: {
      start: async (capture) => {
        await ensureOffscreenDocument();
        return askOffscreen('capture.start', capture);
      },
      stop: async (sessionId) => {
        await askOffscreen('capture.stop', { sessionId });
      },
    },
    indicate: createTabIndicator(browser.action),
    publish: (view) => publish('session.changed', view),
    store: browser.storage.session,
    newId: () => crypto.randomUUID(),
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
        sessions,
        removeTranscriptsOf: removeAccountTranscripts,
      }),
    }),
  );

  // The shortcut works with no popup open: it toggles the tab it was pressed on. Signed out,
  // it opens the page where signing in happens instead of failing silently.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== TOGGLE_COMMAND || tab?.id === undefined) return;
    void sessions.toggle(tab.id).then((view) => {
      if (view.error?.code === 'signed_out') void browser.runtime.openOptionsPage();
    });
  });
  browser.tabs.onRemoved.addListener((tabId) => void sessions.tabClosed(tabId));

  // Signing out or in as someone else, from any context, changes the stored session: the
  // broker must never hand the previous user's token on, and the running transcription (theirs)
  // stops cleanly, saved. A refreshed session of the same user changes neither.
  browser.storage.local.onChanged.addListener((changes) => {
    const change = changes[AUTH_STORAGE_KEY];
    if (!change) return;
    const user = sessionUserId(change.newValue);
    void broker.sessionChanged(user);
    if (user !== sessionUserId(change.oldValue)) void sessions.stop();
  });

  // A new user's first step is signing in, which happens on the options page.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});
