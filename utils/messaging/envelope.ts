import type { ErrorCode } from '../errors';
import type { MessageType, RequestOf, ResponseOf } from './protocol';

/**
 * The wrapping of every request and reply, apart from the requests' schemas (protocol.ts): a
 * context that only sends requests (the popup, the side panel) needs this and not the schemas,
 * whose valibot calls a bundler must keep wherever protocol.ts is imported.
 */

/** Marks a message as Tabscribe's among whatever else travels on `runtime` messaging. */
export const CHANNEL = 'tabscribe';

/** The envelope every request travels in. */
export interface Envelope<T extends MessageType = MessageType> {
  channel: typeof CHANNEL;
  type: T;
  request: RequestOf<T>;
}

/** What a handler's answer becomes on the wire: errors travel as data, since thrown errors lose their type. */
export type Reply<T extends MessageType = MessageType> =
  | { ok: true; value: ResponseOf<T> }
  | { ok: false; error: { code: ErrorCode; detail?: string } };

/** Builds the envelope for a request. */
export function envelope<T extends MessageType>(type: T, request: RequestOf<T>): Envelope<T> {
  return { channel: CHANNEL, type, request };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
