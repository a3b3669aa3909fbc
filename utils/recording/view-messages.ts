import { isRecord } from '../messaging/envelope';
import type { RecordingSnapshot } from './recording-snapshot';
import type { RecordingState } from './recording-state';

/**
 * What a view (popup, side panel) receives on its port from the recording's owner, and the check
 * each message passes before the view believes it. Checked by hand, not with valibot as every
 * other message is: the pages are one build, so a view importing valibot at all would load every
 * part of it any page uses (≈9 kB, mostly the offscreen document's request schemas) for this one
 * check. `view-messages.test.ts` holds the valibot schema it replaced and checks both agree.
 */

/** Views open ports of this name; the owner answers them. */
export const VIEW_PORT = 'tabscribe.recording';

type Transcript = RecordingSnapshot['transcript'];

/** Everything a view receives on its port. */
export type ToView =
  | { type: 'hello'; snapshot: RecordingSnapshot }
  /** From the worker when no owner exists (nothing recorded since the browser started). */
  | { type: 'no-recording' }
  | { type: 'state'; state: RecordingState }
  | {
      type: 'transcript';
      recordingId: string;
      appended: Transcript['segments'][number][];
      interim: NonNullable<Transcript['interim']> | null;
    }
  | { type: 'level'; recordingId: string; level: number }
  | { type: 'annotations'; recordingId: string; annotations: Transcript['annotations'] };

/** A recording state, as far as a view checks one: an object with a phase. */
export const isStateLike = (value: unknown): value is RecordingState =>
  isRecord(value) && 'phase' in value;

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * The message as the view may use it, or null: each type's keys present and of their kind, and
 * only those keys kept (as valibot's `object` does).
 */
export function parseToView(raw: unknown): ToView | null {
  // Any object, as valibot's `variant` takes one (a port's JSON never carries an array's keys).
  if (typeof raw !== 'object' || raw === null) return null;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'hello':
      return isRecord(message.snapshot) && 'state' in message.snapshot
        ? { type: 'hello', snapshot: message.snapshot as unknown as RecordingSnapshot }
        : null;
    case 'no-recording':
      return { type: 'no-recording' };
    case 'state':
      return isStateLike(message.state) ? { type: 'state', state: message.state } : null;
    case 'transcript': {
      const { recordingId, appended, interim } = message;
      if (!isString(recordingId) || !Array.isArray(appended) || !appended.every(isRecord)) {
        return null;
      }
      if (interim !== null && !isRecord(interim)) return null;
      return {
        type: 'transcript',
        recordingId,
        appended: [...appended] as unknown as Transcript['segments'],
        interim: interim as Transcript['interim'],
      };
    }
    case 'level': {
      const { recordingId, level } = message;
      // valibot's `number()` refuses NaN.
      return isString(recordingId) && typeof level === 'number' && !Number.isNaN(level)
        ? { type: 'level', recordingId, level }
        : null;
    }
    case 'annotations': {
      const { recordingId, annotations } = message;
      return isString(recordingId) &&
        isRecord(annotations) &&
        Array.isArray(annotations.moments) &&
        isRecord(annotations.speakerNames)
        ? {
            type: 'annotations',
            recordingId,
            annotations: annotations as unknown as Transcript['annotations'],
          }
        : null;
    }
    default:
      return null;
  }
}
