import type { AccountService } from './auth/account-service';
import type { Handlers } from './messaging/router';
import type { SessionController } from './session/session-controller';
import { type CommandsReader, readToggleShortcut } from './shortcut';
import type { TokenBroker } from './token-broker';

export interface BackgroundServices {
  account: AccountService;
  broker: TokenBroker;
  commands: CommandsReader;
  sessions: SessionController;
  /** Deletes an account's saved transcripts from this browser. */
  removeTranscriptsOf(accountId: string): Promise<void>;
}

/** What the background answers, message by message. */
export function createBackgroundHandlers({
  account,
  broker,
  commands,
  sessions,
  removeTranscriptsOf,
}: BackgroundServices): Handlers<'background'> {
  return {
    'status.get': async () => {
      const [shortcut, state] = await Promise.all([
        readToggleShortcut(commands),
        account.getAccount(),
      ]);
      return { shortcut, account: state };
    },
    'account.get': () => account.getAccount(),
    'account.sign-in-password': ({ email, password }) =>
      account.signInWithPassword(email, password),
    'account.send-code': async ({ email }) => {
      await account.sendCode(email);
      return {};
    },
    'account.verify-code': ({ email, code }) => account.verifyCode(email, code),
    'account.sign-in-google': () => account.signInWithGoogle(),
    'account.sign-out': async ({ removeTranscripts = false }) => {
      const before = await account.getAccount();
      const state = await account.signOut();
      await broker.clear();
      if (removeTranscripts && before.signedIn) {
        // The recording (theirs) ends first, saved, so nothing writes to what is being removed.
        await sessions.stop();
        await removeTranscriptsOf(before.userId);
      }
      return state;
    },
    'token.get': ({ refused }) => broker.getToken({ refused: refused ?? null }),
    'token.warm': async () => {
      await broker.warm();
      return {};
    },
    'session.get': () => sessions.get(),
    'session.start': ({ tabId }) => sessions.start(tabId),
    'session.stop': () => sessions.stop(),
    'session.capture-ended': async ({ sessionId, error }) => {
      await sessions.captureEnded(sessionId, error);
      return {};
    },
    'session.heartbeat': async ({ sessionId }) => {
      await sessions.heartbeat(sessionId);
      return {};
    },
    'session.microphone-lost': async ({ sessionId, reason }) => {
      await sessions.microphoneLost(sessionId, reason);
      return {};
    },
    'session.connection-changed': async ({ sessionId, state }) => {
      await sessions.connectionChanged(sessionId, state);
      return {};
    },
  };
}
