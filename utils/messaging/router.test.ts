import { describe, expect, it } from 'vitest';
import { ExtensionError } from '../errors';
import { createMessenger } from './client';
import { CHANNEL } from './protocol';
import { createMessageRouter, type Sender } from './router';

const extensionId = 'abcdefghijklmnopabcdefghijklmnop';
const extensionOrigin = `chrome-extension://${extensionId}/`;
const popup: Sender = { id: extensionId, url: `${extensionOrigin}popup.html` };
const contentScript: Sender = {
  id: extensionId,
  url: 'https://meet.example.com/abc',
  tab: { id: 7 } as NonNullable<Sender['tab']>,
};

const unused = () => Promise.reject(new Error('not part of this test'));

function backgroundRouter(shortcut: () => string | null | Promise<string | null>) {
  return createMessageRouter({
    owner: 'background',
    extensionId,
    extensionOrigin,
    handlers: {
      'status.get': async () => ({
        shortcut: await shortcut(),
        account: { signedIn: false },
        refusal: null,
      }),
      'account.get': unused,
      'account.sign-in-password': unused,
      'account.send-code': unused,
      'account.verify-code': unused,
      'account.sign-in-google': unused,
      'account.sign-out': unused,
      'token.get': async () => ({ token: 'dg-token', expiresAt: 1 }),
      'token.warm': unused,
      'recording.start': unused,
    },
  });
}

/**
 * The runtime messaging wire as webextension-polyfill behaves: the first listener that returns a
 * promise answers; when none does, the sender's promise rejects as Chrome's does.
 */
function wire(listeners: ReturnType<typeof backgroundRouter>[], sender: Sender) {
  return async (message: unknown) => {
    for (const listener of listeners) {
      const reply = listener(message, sender);
      if (reply) return reply;
    }
    throw new Error('Could not establish connection. Receiving end does not exist.');
  };
}

describe('message router', () => {
  it('answers the messages its context owns with the handler’s value', async () => {
    const request = createMessenger(wire([backgroundRouter(() => 'Alt+Shift+Y')], popup));
    await expect(request('status.get', {})).resolves.toEqual({
      shortcut: 'Alt+Shift+Y',
      account: { signedIn: false },
      refusal: null,
    });
  });

  it('stays silent for messages another context owns, so that context can answer', () => {
    const offscreen = createMessageRouter({
      owner: 'offscreen',
      extensionId,
      extensionOrigin,
      handlers: {
        'capture.start': unused,
        'recording.stop': unused,
        'recording.get': unused,
        'recording.state': unused,
        'recording.diagnostics': unused,
        'recording.signed-in': unused,
        'recording.transcripts-removed': unused,
        'recording.mark-moment': unused,
        'recording.note-moment': unused,
        'recording.rename-speaker': unused,
      },
    });
    const message = { channel: CHANNEL, type: 'status.get', request: {} };
    expect(offscreen(message, popup)).toBeUndefined();
    expect(backgroundRouter(() => null)(message, popup)).toBeInstanceOf(Promise);
  });

  it('stays silent for messages that are not Tabscribe’s or of a type it does not know', () => {
    const router = backgroundRouter(() => null);
    expect(router({ type: 'status.get', request: {} }, popup)).toBeUndefined();
    expect(router('status.get', popup)).toBeUndefined();
    expect(router({ channel: CHANNEL, type: 'capture.start', request: {} }, popup)).toBeUndefined();
  });

  it('refuses content scripts and other extensions, even for a well-formed message', async () => {
    const fromPage = createMessenger(wire([backgroundRouter(() => null)], contentScript));
    await expect(fromPage('status.get', {})).rejects.toMatchObject({ code: 'forbidden_sender' });
    await expect(fromPage('token.get', {})).rejects.toMatchObject({ code: 'forbidden_sender' });

    const otherExtension: Sender = {
      id: 'another-extension',
      url: 'chrome-extension://another-extension/popup.html',
    };
    const fromOther = createMessenger(wire([backgroundRouter(() => null)], otherExtension));
    await expect(fromOther('status.get', {})).rejects.toMatchObject({ code: 'forbidden_sender' });
  });

  it('accepts the popup when it is opened as a tab', async () => {
    const popupInTab: Sender = { ...popup, tab: { id: 3 } as NonNullable<Sender['tab']> };
    const request = createMessenger(wire([backgroundRouter(() => null)], popupInTab));
    await expect(request('status.get', {})).resolves.toEqual({
      shortcut: null,
      account: { signedIn: false },
      refusal: null,
    });
  });

  it('refuses a known message whose request has the wrong shape', async () => {
    const router = backgroundRouter(() => null);
    const signIn = await router(
      {
        channel: CHANNEL,
        type: 'account.sign-in-password',
        request: { email: 'a@b.co', password: 42 },
      },
      popup,
    );
    expect(signIn).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    const reply = await router(
      { channel: CHANNEL, type: 'status.get', request: { tabId: 'x' } },
      popup,
    );
    expect(reply).toEqual({ ok: false, error: { code: 'bad_message', detail: 'status.get' } });
  });

  it('carries a handler’s ExtensionError across the wire with its code', async () => {
    const router = backgroundRouter(() => {
      throw new ExtensionError('not_configured');
    });
    const request = createMessenger(wire([router], popup));
    const error = await request('status.get', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExtensionError);
    expect(error).toMatchObject({ code: 'not_configured' });
  });

  it('turns an unexpected failure into an internal error that keeps its message for logs', async () => {
    const router = backgroundRouter(() => Promise.reject(new TypeError('commands is undefined')));
    const request = createMessenger(wire([router], popup));
    await expect(request('status.get', {})).rejects.toMatchObject({
      code: 'internal',
      detail: 'commands is undefined',
    });
  });

  it('reports no_response when no context answers', async () => {
    const request = createMessenger(wire([], popup));
    await expect(request('status.get', {})).rejects.toMatchObject({ code: 'no_response' });
  });
});
