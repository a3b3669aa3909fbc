import type { AccountService } from './account/account-service';
import type { Handlers } from './messaging/router';
import type { Badge } from './recording/badge';
import type { RecordingStarter } from './recording/recording-starter';
import { type CommandsReader, readToggleShortcut } from './shortcut';
import type { TokenBroker } from './token/token-broker';

export interface BackgroundServices {
  account: AccountService;
  broker: TokenBroker;
  commands: CommandsReader;
  recordings: RecordingStarter;
  badge: Badge;
  /** Deletes an account's saved transcripts from this browser. */
  removeTranscriptsOf(accountId: string): Promise<void>;
}

/** What the background answers, message by message. */
export function createBackgroundHandlers({
  account,
  broker,
  commands,
  recordings,
  badge,
  removeTranscriptsOf,
}: BackgroundServices): Handlers<'background'> {
  return {
    'status.get': async ({ tabId }) => {
      const [shortcut, state] = await Promise.all([
        readToggleShortcut(commands),
        account.getAccount(),
      ]);
      const refusal = tabId === undefined ? null : badge.refusalOn(tabId);
      return { shortcut, account: state, refusal };
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
        await recordings.stop('signed_out');
        await removeTranscriptsOf(before.userId);
        await recordings.transcriptsRemoved(before.userId);
      }
      return state;
    },
    'token.get': ({ refused }) => broker.getToken({ refused: refused ?? null }),
    'token.warm': async () => {
      await broker.warm();
      return {};
    },
    'recording.start': ({ tabId }) => recordings.start(tabId),
  };
}
