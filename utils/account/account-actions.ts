import type { Messenger } from '../messaging/client';
import type { AccountService, AccountState } from './account-service';

/** What an extension page may do with the account: everything but holding the credentials. */
export type AccountActions = Omit<AccountService, 'getCaller' | 'signOut'> & {
  /** Signs out; `removeTranscripts` also deletes this account's transcripts from this browser. */
  signOut(options: { removeTranscripts: boolean }): Promise<AccountState>;
};

/** The account actions of a page, carried out by the background, which owns the session. */
export function createAccountActions(request: Messenger): AccountActions {
  return {
    getAccount: () => request('account.get', {}),
    signInWithPassword: (email, password) =>
      request('account.sign-in-password', { email, password }),
    sendCode: async (email) => {
      await request('account.send-code', { email });
    },
    verifyCode: (email, code) => request('account.verify-code', { email, code }),
    signInWithGoogle: () => request('account.sign-in-google', {}),
    signOut: ({ removeTranscripts }) => request('account.sign-out', { removeTranscripts }),
  };
}
