import type { AccountState } from '../auth/account-service';
import type { CaptureStatus } from '../capture/capture-service';
import type { MicrophoneEnd } from '../capture/microphone';
import type { ErrorCode, ErrorInfo } from '../errors';
import type { MicrophoneUse, SessionView } from '../session/session-view';
import type { TranscriptionSettings } from '../settings/transcription-settings';
import type { DeepgramToken } from '../token-broker';
import type { InterimText, Segment, TranscriptSnapshot } from '../transcript/transcript-model';

/** The contexts that answer messages. Each message has exactly one owner. */
export type Owner = 'background' | 'offscreen';

/** What the popup needs to draw itself; grows with each feature the popup shows. */
export interface ExtensionStatus {
  /** The keyboard shortcut Chrome assigned to the toggle command, or null when none is. */
  shortcut: string | null;
  account: AccountState;
}

type Empty = Record<string, never>;

/**
 * Every message between Tabscribe's contexts: who answers it, what it carries, what comes back.
 * Adding a message here and to `definitions` below is the whole of declaring it.
 */
export interface Protocol {
  'status.get': { owner: 'background'; request: Empty; response: ExtensionStatus };
  'account.get': { owner: 'background'; request: Empty; response: AccountState };
  'account.sign-in-password': {
    owner: 'background';
    request: { email: string; password: string };
    response: AccountState;
  };
  'account.send-code': { owner: 'background'; request: { email: string }; response: Empty };
  'account.verify-code': {
    owner: 'background';
    request: { email: string; code: string };
    response: AccountState;
  };
  'account.sign-in-google': { owner: 'background'; request: Empty; response: AccountState };
  /** `removeTranscripts`: also delete the account's saved transcripts from this browser. */
  'account.sign-out': {
    owner: 'background';
    request: { removeTranscripts?: boolean };
    response: AccountState;
  };
  /**
   * A Deepgram token with time left to open a stream; for the offscreen document. Never the
   * `refused` one, which Deepgram did not accept.
   */
  'token.get': {
    owner: 'background';
    request: { refused?: string };
    response: DeepgramToken;
  };
  /** The popup opened: have a token ready before the user presses Start. */
  'token.warm': { owner: 'background'; request: Empty; response: Empty };
  /** The transcription session (there is at most one, on one tab). */
  'session.get': { owner: 'background'; request: Empty; response: SessionView };
  /** Starts transcribing a tab (stopping another tab's session first). */
  'session.start': { owner: 'background'; request: { tabId: number }; response: SessionView };
  'session.stop': { owner: 'background'; request: Empty; response: SessionView };
  /** From the offscreen document: a session's capture or stream ended without being asked to. */
  'session.capture-ended': {
    owner: 'background';
    request: { sessionId: string; error: ErrorInfo | null };
    response: Empty;
  };
  /** From the offscreen document: the stream lost its connection and is reconnecting, or is back. */
  'session.connection-changed': {
    owner: 'background';
    request: { sessionId: string; state: 'reconnecting' | 'streaming' };
    response: Empty;
  };
  /** From the offscreen document, every 2 s while a session's audio flows. */
  'session.heartbeat': { owner: 'background'; request: { sessionId: string }; response: Empty };
  /**
   * From the offscreen document: the microphone stopped mid-session (unplugged, or its
   * permission taken back); the tab goes on alone.
   */
  'session.microphone-lost': {
    owner: 'background';
    request: { sessionId: string; reason: MicrophoneEnd };
    response: Empty;
  };
  /** Captures the tab behind a stream id and streams it; resolves once Deepgram is listening. */
  'capture.start': {
    owner: 'offscreen';
    request: CaptureRequest;
    response: CaptureStarted;
  };
  /** Ends the capture after Deepgram's last results have arrived. */
  'capture.stop': { owner: 'offscreen'; request: { sessionId: string }; response: Empty };
  /** The current (or last) session's transcript. */
  'transcript.get': { owner: 'offscreen'; request: Empty; response: TranscriptView };
  /** How the capture is doing: its rate, the level played back to the user, what was sent. */
  'capture.status': { owner: 'offscreen'; request: Empty; response: CaptureStatus };
}

/** What the offscreen document needs to capture a tab and stream it. */
export interface CaptureStarted {
  startedAt: number;
  microphone: MicrophoneUse;
  /** Why the microphone is `unavailable`: `microphone_blocked` or `microphone_missing`. */
  microphoneError?: ErrorInfo;
}

export interface CaptureRequest {
  sessionId: string;
  /** The signed-in account the recording is for: its transcript is saved among theirs. */
  accountId: string;
  tabId: number;
  streamId: string;
  /** The tab's title and address, saved with the transcript. */
  title: string;
  url: string;
  /** The user's settings at Start: the stream's model, language and features. */
  settings: TranscriptionSettings;
}

export interface TranscriptView extends TranscriptSnapshot {
  sessionId: string | null;
  tabId: number | null;
}

/**
 * Notifications: sent to every extension page that listens, answered by none. A page that is not
 * open simply misses them, and asks for the current state when it opens.
 */
export interface Events {
  'session.changed': SessionView;
  'transcript.changed': {
    sessionId: string;
    tabId: number;
    appended: Segment[];
    interim: InterimText | null;
  };
}
export type EventType = keyof Events;
export interface EventEnvelope<E extends EventType = EventType> {
  channel: typeof CHANNEL;
  event: E;
  payload: Events[E];
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
  'account.get': { owner: 'background', isRequest: isEmptyObject },
  'account.sign-in-password': {
    owner: 'background',
    isRequest: (value): value is { email: string; password: string } =>
      hasStrings(value, ['email', 'password']),
  },
  'account.send-code': {
    owner: 'background',
    isRequest: (value): value is { email: string } => hasStrings(value, ['email']),
  },
  'account.verify-code': {
    owner: 'background',
    isRequest: (value): value is { email: string; code: string } =>
      hasStrings(value, ['email', 'code']),
  },
  'account.sign-in-google': { owner: 'background', isRequest: isEmptyObject },
  'account.sign-out': {
    owner: 'background',
    isRequest: (value): value is { removeTranscripts?: boolean } =>
      isEmptyObject(value) ||
      (isRecord(value) &&
        Object.keys(value).length === 1 &&
        typeof value.removeTranscripts === 'boolean'),
  },
  'token.get': {
    owner: 'background',
    isRequest: (value): value is { refused?: string } =>
      isEmptyObject(value) || hasStrings(value, ['refused']),
  },
  'token.warm': { owner: 'background', isRequest: isEmptyObject },
  'session.get': { owner: 'background', isRequest: isEmptyObject },
  'session.start': {
    owner: 'background',
    isRequest: (value): value is { tabId: number } => hasNumbers(value, ['tabId']),
  },
  'session.stop': { owner: 'background', isRequest: isEmptyObject },
  'session.capture-ended': {
    owner: 'background',
    isRequest: (value): value is { sessionId: string; error: ErrorInfo | null } =>
      isRecord(value) &&
      typeof value.sessionId === 'string' &&
      (value.error === null || (isRecord(value.error) && typeof value.error.code === 'string')),
  },
  'session.connection-changed': {
    owner: 'background',
    isRequest: (value): value is { sessionId: string; state: 'reconnecting' | 'streaming' } =>
      isRecord(value) &&
      typeof value.sessionId === 'string' &&
      (value.state === 'reconnecting' || value.state === 'streaming'),
  },
  'session.microphone-lost': {
    owner: 'background',
    isRequest: (value): value is { sessionId: string; reason: MicrophoneEnd } =>
      isRecord(value) &&
      typeof value.sessionId === 'string' &&
      (value.reason === 'microphone_lost' || value.reason === 'microphone_revoked'),
  },
  'session.heartbeat': {
    owner: 'background',
    isRequest: (value): value is { sessionId: string } =>
      isRecord(value) && typeof value.sessionId === 'string',
  },
  'capture.start': {
    owner: 'offscreen',
    // The settings are normalized where they are used (`normalizeSettings`).
    isRequest: (value): value is CaptureRequest =>
      isRecord(value) &&
      typeof value.sessionId === 'string' &&
      typeof value.accountId === 'string' &&
      typeof value.streamId === 'string' &&
      typeof value.title === 'string' &&
      typeof value.url === 'string' &&
      Number.isInteger(value.tabId) &&
      isRecord(value.settings),
  },
  'capture.stop': {
    owner: 'offscreen',
    isRequest: (value): value is { sessionId: string } => hasStrings(value, ['sessionId']),
  },
  'transcript.get': { owner: 'offscreen', isRequest: isEmptyObject },
  'capture.status': { owner: 'offscreen', isRequest: isEmptyObject },
};

/** Builds the envelope of a notification. */
export function eventEnvelope<E extends EventType>(event: E, payload: Events[E]): EventEnvelope<E> {
  return { channel: CHANNEL, event, payload };
}

/** The notification in a raw runtime message, if it is one of ours of type `event`. */
export function parseEvent<E extends EventType>(raw: unknown, event: E): Events[E] | null {
  return isRecord(raw) && raw.channel === CHANNEL && raw.event === event
    ? (raw.payload as Events[E])
    : null;
}

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

function isEmptyObject(value: unknown): value is Empty {
  return isRecord(value) && Object.keys(value).length === 0;
}

/** Exactly these keys, each an integer. */
function hasNumbers(value: unknown, keys: string[]): boolean {
  return (
    isRecord(value) &&
    Object.keys(value).length === keys.length &&
    keys.every((key) => Number.isInteger(value[key]))
  );
}

/** Exactly these keys, each a string. */
function hasStrings(value: unknown, keys: string[]): boolean {
  return (
    isRecord(value) &&
    Object.keys(value).length === keys.length &&
    keys.every((key) => typeof value[key] === 'string')
  );
}
