import * as v from 'valibot';
import type { AccountState } from '../account/account-service';
import type { ErrorCode } from '../errors';
import { ACCOUNT_ID, CAPTURE_REQUEST, type CaptureRequest } from '../recording/capture-request';
import type { RecordingDiagnostics, RecordingSnapshot } from '../recording/recording-snapshot';
import type { RecordingState } from '../recording/recording-state';
import type { DeepgramToken } from '../token/token-broker';
import type { Annotations, Moment } from '../transcript/annotations';
import { CHANNEL, type Envelope, isRecord } from './envelope';

/**
 * Every request between Tabscribe's contexts, declared once: who answers it, the schema its
 * request must pass (the one validation, strict everywhere: no missing and no extra keys), and
 * what comes back. Types are derived from the schemas, so the handler, the sender and the check
 * cannot disagree. What the recording publishes to views travels on ports: `port-messages.ts`.
 */

/** The contexts that answer requests. Each request has exactly one owner. */
export type Owner = 'background' | 'offscreen';

const EMPTY = v.strictObject({});
const TAB_ID = v.pipe(v.number(), v.integer(), v.minValue(0));
const TEXT = v.pipe(v.string(), v.maxLength(2_000));

/** A moment of the recording, as the owner numbers them (`m1`, `m2`…). */
const MOMENT_ID = v.pipe(v.string(), v.regex(/^m\d{1,6}$/));
/** Who spoke, as `speakerKey` names them. */
const SPEAKER_KEY = v.pipe(v.string(), v.regex(/^(you|tab|speaker-\d{1,3})$/));

/** The reasons a view or the worker may give for stopping ('failed' is the owner's own). */
const STOP_REASON = v.picklist(['stopped', 'tab_closed', 'capture_ended', 'signed_out']);

/** What the popup needs to draw itself. */
export interface ExtensionStatus {
  /** The keyboard shortcut Chrome assigned to the toggle command, or null when none is. */
  shortcut: string | null;
  account: AccountState;
  /**
   * Why the latest Start on the asked tab was refused before any capture (signed out, a page
   * Chrome will not capture…); null when it was not, or the refusal no longer holds.
   */
  refusal: { code: ErrorCode; detail?: string } | null;
}

/** One request's declaration; the response is a type only, as our own contexts produce it. */
interface Declared<O extends Owner, S extends v.GenericSchema, R> {
  owner: O;
  request: S;
  /** Never read at run time: carries the response type. */
  response?: R;
}
const declare = <R>() => ({
  background: <S extends v.GenericSchema>(request: S): Declared<'background', S, R> => ({
    owner: 'background',
    request,
  }),
  offscreen: <S extends v.GenericSchema>(request: S): Declared<'offscreen', S, R> => ({
    owner: 'offscreen',
    request,
  }),
});

export const MESSAGES = {
  'status.get': declare<ExtensionStatus>().background(
    v.strictObject({ tabId: v.optional(TAB_ID) }),
  ),
  'account.get': declare<AccountState>().background(EMPTY),
  'account.sign-in-password': declare<AccountState>().background(
    v.strictObject({ email: TEXT, password: TEXT }),
  ),
  'account.send-code': declare<Record<string, never>>().background(v.strictObject({ email: TEXT })),
  'account.verify-code': declare<AccountState>().background(
    v.strictObject({ email: TEXT, code: TEXT }),
  ),
  'account.sign-in-google': declare<AccountState>().background(EMPTY),
  /** `removeTranscripts`: also delete the account's saved transcripts from this browser. */
  'account.sign-out': declare<AccountState>().background(
    v.strictObject({ removeTranscripts: v.optional(v.boolean()) }),
  ),
  /**
   * A Deepgram token with time left to open a stream; for the offscreen document. Never the
   * `refused` one, which Deepgram did not accept.
   */
  'token.get': declare<DeepgramToken>().background(v.strictObject({ refused: v.optional(TEXT) })),
  /** A view opened: have a token ready before the user presses Start. */
  'token.warm': declare<Record<string, never>>().background(EMPTY),
  /**
   * Starts recording a tab (stopping another tab's recording first), after the checks only the
   * worker can make; resolves once Deepgram listens. Refusals reject with their code.
   */
  'recording.start': declare<RecordingState>().background(v.strictObject({ tabId: TAB_ID })),
  /** Captures the tab behind a stream id and streams it; for the worker, after its checks. */
  'capture.start': declare<RecordingState>().offscreen(CAPTURE_REQUEST),
  /** Ends the recording after Deepgram's last results have arrived. */
  'recording.stop': declare<RecordingState>().offscreen(
    v.strictObject({ reason: v.optional(STOP_REASON) }),
  ),
  /**
   * The recording's state and whole transcript now, its older words read back from the store
   * (views get them on their port instead).
   */
  'recording.get': declare<RecordingSnapshot>().offscreen(EMPTY),
  /** The recording's state alone, read nowhere else: the shortcut's toggle, the history page. */
  'recording.state': declare<RecordingState>().offscreen(EMPTY),
  /** How the capture is doing: its rate, the level played back, what was sent. */
  'recording.diagnostics': declare<RecordingDiagnostics>().offscreen(EMPTY),
  /**
   * Marks a moment in the live recording at the audio heard so far (the views' button, or the
   * worker for the shortcut); no moment when nothing is live.
   */
  'recording.mark-moment': declare<{ moment: Moment | null }>().offscreen(EMPTY),
  /** The note typed for a moment of the latest recording; none when there is no recording. */
  'recording.note-moment': declare<{ annotations: Annotations | null }>().offscreen(
    v.strictObject({ id: MOMENT_ID, note: TEXT }),
  ),
  /** A name for a speaker of the latest recording (empty: back to "Speaker N"). */
  'recording.rename-speaker': declare<{ annotations: Annotations | null }>().offscreen(
    v.strictObject({ speaker: SPEAKER_KEY, name: TEXT }),
  ),
  /**
   * From the worker: this account signed in. A sign-in error of its last recording is past;
   * another account's last recording is no longer shown.
   */
  'recording.signed-in': declare<RecordingState>().offscreen(
    v.strictObject({ accountId: ACCOUNT_ID }),
  ),
  /** From the worker: this account's transcripts were removed, its last recording's words too. */
  'recording.transcripts-removed': declare<RecordingState>().offscreen(
    v.strictObject({ accountId: ACCOUNT_ID }),
  ),
} as const;

type Messages = typeof MESSAGES;
export type MessageType = keyof Messages;
export { CHANNEL, type Envelope, envelope, isRecord, type Reply } from './envelope';
export type { CaptureRequest };
export type RequestOf<T extends MessageType> = v.InferInput<Messages[T]['request']>;
export type ResponseOf<T extends MessageType> = NonNullable<Messages[T]['response']>;
export type OwnerOf<T extends MessageType> = Messages[T]['owner'];

export type ParsedMessage =
  | { kind: 'foreign' }
  | { kind: 'unknown'; type: string }
  | { kind: 'invalid'; type: MessageType; owner: Owner; issue: string }
  | { kind: 'valid'; envelope: Envelope; owner: Owner };

/**
 * Sorts a raw runtime message: not ours at all, ours but of a type this build does not know,
 * a known type whose request fails its schema, or a valid request with its owner.
 */
export function parseMessage(raw: unknown): ParsedMessage {
  if (!isRecord(raw) || raw.channel !== CHANNEL || typeof raw.type !== 'string') {
    return { kind: 'foreign' };
  }
  if (!Object.hasOwn(MESSAGES, raw.type)) return { kind: 'unknown', type: raw.type };
  const type = raw.type as MessageType;
  const { owner, request } = MESSAGES[type];
  const checked = v.safeParse(request as v.GenericSchema, raw.request);
  if (!checked.success) {
    return { kind: 'invalid', type, owner, issue: v.summarize(checked.issues) };
  }
  return {
    kind: 'valid',
    owner,
    envelope: { channel: CHANNEL, type, request: checked.output as RequestOf<MessageType> },
  };
}
