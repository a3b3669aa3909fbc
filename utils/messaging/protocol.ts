import type { ErrorCode } from '../errors';

/** The contexts that answer messages. Each message has exactly one owner. */
export type Owner = 'background' | 'offscreen';

/** What the popup needs to draw itself; grows with each feature the popup shows. */
export interface ExtensionStatus {
  /** The keyboard shortcut Chrome assigned to the toggle command, or null when none is. */
  shortcut: string | null;
}

/**
 * Every message between Tabscribe's contexts: who answers it, what it carries, what comes back.
 * Adding a message here and to `definitions` below is the whole of declaring it.
 */
export interface Protocol {
  'status.get': { owner: 'background'; request: Record<string, never>; response: ExtensionStatus };
}

export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = Protocol[T]['request'];
export type ResponseOf<T extends MessageType> = Protocol[T]['response'];
export type OwnerOf<T extends MessageType> = Protocol[T]['owner'];

/** The envelope every message travels in. */
export interface Envelope<T extends MessageType = MessageType> {
  /** Marks the message as Tabscribe's among whatever else travels on `runtime` messaging. */
  channel: typeof CHANNEL;
  type: T;
  request: RequestOf<T>;
}

/** What a handler's answer becomes on the wire: errors travel as data, since thrown errors lose their type. */
export type Reply<T extends MessageType = MessageType> =
  | { ok: true; value: ResponseOf<T> }
  | { ok: false; error: { code: ErrorCode; detail?: string } };

export const CHANNEL = 'tabscribe';

interface Definition<T extends MessageType> {
  owner: OwnerOf<T>;
  /** A message is untrusted input until this says its request has the declared shape. */
  isRequest(value: unknown): value is RequestOf<T>;
}

const definitions: { [T in MessageType]: Definition<T> } = {
  'status.get': { owner: 'background', isRequest: isEmptyObject },
};

export type ParsedMessage =
  | { kind: 'foreign' }
  | { kind: 'unknown'; type: string }
  | { kind: 'invalid'; type: MessageType; owner: Owner }
  | { kind: 'valid'; envelope: Envelope; owner: Owner };

/**
 * Sorts a raw runtime message: not ours at all, ours but of a type this build does not know,
 * a known type with a malformed request, or a valid message with its owner.
 */
export function parseMessage(raw: unknown): ParsedMessage {
  if (!isRecord(raw) || raw.channel !== CHANNEL || typeof raw.type !== 'string') {
    return { kind: 'foreign' };
  }
  if (!isMessageType(raw.type)) return { kind: 'unknown', type: raw.type };
  const definition: Definition<MessageType> = definitions[raw.type];
  if (!definition.isRequest(raw.request)) {
    return { kind: 'invalid', type: raw.type, owner: definition.owner };
  }
  return {
    kind: 'valid',
    owner: definition.owner,
    envelope: { channel: CHANNEL, type: raw.type, request: raw.request },
  };
}

/** Builds the envelope for a request. */
export function envelope<T extends MessageType>(type: T, request: RequestOf<T>): Envelope<T> {
  return { channel: CHANNEL, type, request };
}

function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(definitions, type);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyObject(value: unknown): value is Record<string, never> {
  return isRecord(value) && Object.keys(value).length === 0;
}
