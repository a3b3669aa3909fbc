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
import { createMessageRouter } from '../utils/messaging/router';
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

  browser.runtime.onMessage.addListener(
    createMessageRouter({
      owner: 'background',
      extensionId: browser.runtime.id,
      extensionOrigin: browser.runtime.getURL('/'),
      handlers: createBackgroundHandlers({ account, broker, commands: browser.commands }),
    }),
  );

  // Signing out or in as someone else, from any context, changes the stored session: the
  // broker must never hand the previous user's token on.
  browser.storage.local.onChanged.addListener((changes) => {
    const change = changes[AUTH_STORAGE_KEY];
    if (change) void broker.sessionChanged(sessionUserId(change.newValue));
  });

  // A new user's first step is signing in, which happens on the options page.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});
