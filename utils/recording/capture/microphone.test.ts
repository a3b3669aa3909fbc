import { describe, expect, it } from 'vitest';
import { describeError } from '../../error-sentences';
import { ExtensionError } from '../../errors';
import { type MicrophonePermission, microphoneEnd, whyMicrophoneEnded } from './microphone';

describe('why a microphone stopped mid-recording', () => {
  it.each<[MicrophonePermission, string]>([
    // Still allowed: the device went away (unplugged, or taken by another app).
    ['granted', 'microphone_lost'],
    // Chrome cannot say: the device is the likelier cause, and "connect it" is still true.
    ['unknown', 'microphone_lost'],
    // Blocked in Chrome's site settings, or reset to ask again: taken back.
    ['denied', 'microphone_revoked'],
    ['prompt', 'microphone_revoked'],
  ])('permission %s: %s', (permission, reason) => {
    expect(microphoneEnd(permission)).toBe(reason);
  });

  it('asks Chrome for the permission as it stands now', async () => {
    const permissions = (state: PermissionState) => ({
      query: async () => ({ state }) as PermissionStatus,
    });
    expect(await whyMicrophoneEnded(permissions('denied'))).toBe('microphone_revoked');
    expect(await whyMicrophoneEnded(permissions('granted'))).toBe('microphone_lost');
    const failing = { query: () => Promise.reject(new TypeError('microphone')) };
    expect(await whyMicrophoneEnded(failing)).toBe('microphone_lost');
  });

  it('each reason has its own sentence: unplugged says to connect it, taken back how to allow it', () => {
    const lost = describeError(new ExtensionError('microphone_lost'));
    const revoked = describeError(new ExtensionError('microphone_revoked'));
    expect(lost).toMatch(/unplugged/);
    expect(lost).toMatch(/connect it/);
    expect(revoked).not.toMatch(/unplugged|another app/);
    expect(revoked).toMatch(/permission was taken back/);
    expect(revoked).toMatch(/allow the microphone on Tabscribe’s settings page/);
    for (const sentence of [lost, revoked]) {
      expect(sentence).toMatch(/only the tab is transcribed now/);
    }
  });
});
