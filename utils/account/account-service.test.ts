import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors';
import { webAuthFlowFailure } from './account-service';

describe('a failed Google sign-in window', () => {
  it('is a cancel only when the user closed it; a page that would not load is the network', () => {
    // Chrome's own messages (chrome/browser/extensions/api/identity/identity_constants.cc).
    const cases: [string, ErrorCode][] = [
      ['The user did not approve access.', 'sign_in_cancelled'],
      ['Authorization page could not be loaded.', 'network'],
      ['User interaction required.', 'internal'],
    ];
    for (const [message, code] of cases) {
      expect([message, webAuthFlowFailure(message)]).toEqual([message, code]);
    }
  });
});
