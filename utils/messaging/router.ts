import type { Browser } from 'wxt/browser';
import { ExtensionError, toErrorInfo } from '../errors';
import {
  type MessageType,
  type Owner,
  type OwnerOf,
  parseMessage,
  type Reply,
  type RequestOf,
  type ResponseOf,
} from './protocol';

export type Sender = Browser.runtime.MessageSender;

/** The handlers one context provides: exactly the messages it owns, each typed from the protocol. */
export type Handlers<O extends Owner> = {
  [T in MessageType as OwnerOf<T> extends O ? T : never]: (
    request: RequestOf<T>,
    sender: Sender,
  ) => ResponseOf<T> | Promise<ResponseOf<T>>;
};

export interface RouterOptions<O extends Owner> {
  owner: O;
  handlers: Handlers<O>;
  /** This extension's id; messages from anything else are refused. */
  extensionId: string;
  /** This extension's origin (`chrome-extension://<id>/`); pages elsewhere are refused. */
  extensionOrigin: string;
}

/**
 * A `runtime.onMessage` listener that answers only the messages its context owns.
 *
 * It returns `undefined` for everything else, which with webextension-polyfill means "not mine":
 * an async listener would answer every message, and a second context's listener could then reply
 * to a request meant for the first.
 */
export function createMessageRouter<O extends Owner>(options: RouterOptions<O>) {
  const { owner, extensionId, extensionOrigin } = options;
  const handlers = options.handlers as Record<
    string,
    (request: unknown, sender: Sender) => unknown
  >;

  return (raw: unknown, sender: Sender): Promise<Reply> | undefined => {
    const parsed = parseMessage(raw);
    if (parsed.kind === 'foreign' || parsed.kind === 'unknown') return undefined;
    if (parsed.owner !== owner) return undefined;
    if (!isExtensionPage(sender, extensionId, extensionOrigin)) {
      return Promise.resolve(failure(new ExtensionError('forbidden_sender', sender.url)));
    }
    if (parsed.kind === 'invalid') {
      return Promise.resolve(failure(new ExtensionError('bad_message', parsed.type)));
    }
    const handle = handlers[parsed.envelope.type];
    if (!handle) {
      return Promise.resolve(
        failure(new ExtensionError('internal', `no handler for ${parsed.envelope.type}`)),
      );
    }
    return Promise.resolve()
      .then(() => handle(parsed.envelope.request, sender))
      .then((value): Reply => ({ ok: true, value }) as Reply, failure);
  };
}

/**
 * True for the extension's own pages (popup, options, offscreen), including a popup opened as a
 * tab; false for content scripts, which run in web pages and so report the page's URL.
 */
export function isExtensionPage(
  sender: Sender,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  return (
    sender.id === extensionId &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(extensionOrigin)
  );
}

/** Turns whatever a handler threw into a reply; unknown errors keep their message as the detail. */
function failure(error: unknown): Reply {
  return { ok: false, error: toErrorInfo(error) };
}
