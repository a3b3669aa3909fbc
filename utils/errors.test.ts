import { describe, expect, it } from 'vitest';
import { describeError, type ErrorCode, ExtensionError } from './errors';

// Every code, so a new one is checked too (the compiler insists on each).
const EVERY_CODE: Record<ErrorCode, null> = {
  not_configured: null,
  signed_out: null,
  wrong_password: null,
  code_invalid: null,
  too_many_attempts: null,
  sign_in_cancelled: null,
  over_quota: null,
  service_unavailable: null,
  network: null,
  bad_message: null,
  forbidden_sender: null,
  no_response: null,
  uncapturable: null,
  capture_failed: null,
  no_tab: null,
  stream_refused: null,
  stream_lost: null,
  stream_busy: null,
  capture_lost: null,
  microphone_blocked: null,
  microphone_missing: null,
  microphone_lost: null,
  microphone_revoked: null,
  internal: null,
};

describe('the sentences about capturing a tab', () => {
  it('never say Chrome’s own pages cannot be captured: they can, once Tabscribe is started there', () => {
    for (const code of Object.keys(EVERY_CODE) as ErrorCode[]) {
      const sentence = describeError(new ExtensionError(code));
      expect(sentence).not.toMatch(/browser pages|chrome pages|chrome:\/\//i);
    }
  });

  it('a refused tab: start from Tabscribe’s button or shortcut on it; a few pages refuse anyway', () => {
    expect(describeError(new ExtensionError('uncapturable'))).toBe(
      'Chrome didn’t let Tabscribe capture this tab. Start Tabscribe from its button or shortcut while on that tab; a few pages, such as the Chrome Web Store, can’t be captured at all.',
    );
  });
});
