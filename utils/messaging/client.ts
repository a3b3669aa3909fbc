import { ExtensionError, isErrorCode } from '../errors';
import { envelope, type Reply } from './envelope';
import type { MessageType, RequestOf, ResponseOf } from './protocol';

/** Sends one runtime message and resolves to whatever the answering listener returned. */
export type SendMessage = (message: unknown) => Promise<unknown>;

/** The typed request function every context uses to talk to the context that owns a message. */
export type Messenger = <T extends MessageType>(
  type: T,
  request: RequestOf<T>,
) => Promise<ResponseOf<T>>;

/**
 * Creates the typed request function over `runtime.sendMessage`. Failures arrive as
 * `ExtensionError`s whatever went wrong: an error reply, no listener, or a closed port.
 */
export function createMessenger(send: SendMessage): Messenger {
  return async (type, request) => {
    let reply: unknown;
    try {
      reply = await send(envelope(type, request));
    } catch (error) {
      // "Could not establish connection" and "message port closed": nobody owns it right now.
      throw new ExtensionError(
        'no_response',
        error instanceof Error ? error.message : String(error),
      );
    }
    return unwrapReply(reply);
  };
}

function unwrapReply<T extends MessageType>(reply: unknown): ResponseOf<T> {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new ExtensionError('no_response');
  }
  const typed = reply as Reply<T>;
  if (typed.ok) return typed.value;
  const code = isErrorCode(typed.error?.code) ? typed.error.code : 'internal';
  throw new ExtensionError(code, typed.error?.detail);
}
