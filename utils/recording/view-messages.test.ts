import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../messaging/envelope';
import { parseToView } from './view-messages';

// The valibot schema `parseToView` replaced (recording-channel.ts, before the views stopped
// loading valibot), kept as the oracle: both must accept and return the same for every message.
const STATE = v.custom((value) => isRecord(value) && 'phase' in value);
const TO_VIEW = v.variant('type', [
  v.object({
    type: v.literal('hello'),
    snapshot: v.custom((value) => isRecord(value) && 'state' in value),
  }),
  v.object({ type: v.literal('no-recording') }),
  v.object({ type: v.literal('state'), state: STATE }),
  v.object({
    type: v.literal('transcript'),
    recordingId: v.string(),
    appended: v.array(v.custom(isRecord)),
    interim: v.nullable(v.custom(isRecord)),
  }),
  v.object({ type: v.literal('level'), recordingId: v.string(), level: v.number() }),
  v.object({
    type: v.literal('annotations'),
    recordingId: v.string(),
    annotations: v.custom(
      (value) => isRecord(value) && Array.isArray(value.moments) && isRecord(value.speakerNames),
    ),
  }),
]);
const oracle = (raw: unknown) => {
  const parsed = v.safeParse(TO_VIEW, raw);
  return parsed.success ? parsed.output : null;
};

const segment = { index: 0, text: 'alpha', start: 0, end: 1, speaker: null };
const annotations = { moments: [], speakerNames: {} };
const VALID = [
  { type: 'hello', snapshot: { state: { phase: 'idle' }, transcript: {} } },
  { type: 'no-recording' },
  { type: 'state', state: { phase: 'live', recordingId: 's1' } },
  { type: 'transcript', recordingId: 's1', appended: [segment], interim: null },
  { type: 'transcript', recordingId: 's1', appended: [], interim: { text: 'bra', start: 1 } },
  { type: 'level', recordingId: 's1', level: 0.5 },
  { type: 'level', recordingId: 's1', level: 0 },
  { type: 'annotations', recordingId: 's1', annotations },
];

/** Each valid message changed in one way: a key dropped, a value of another kind, a key added. */
function variations(message: Record<string, unknown>): unknown[] {
  const others = [undefined, null, 0, Number.NaN, '', 's', [], [1], [segment], {}, { phase: 'x' }];
  const changed: unknown[] = [{ ...message, extra: 1 }];
  for (const key of Object.keys(message)) {
    const { [key]: _dropped, ...without } = message;
    changed.push(without);
    for (const other of others) changed.push({ ...message, [key]: other });
  }
  return changed;
}

describe('parseToView', () => {
  it('agrees with the valibot schema it replaced: each message, and each one way off', () => {
    const inputs: unknown[] = [
      ...VALID,
      ...VALID.flatMap((message) => variations(message)),
      null,
      undefined,
      'hello',
      42,
      [],
      { type: 'unknown' },
      { type: 'annotations', recordingId: 's1', annotations: { moments: {}, speakerNames: {} } },
      { type: 'annotations', recordingId: 's1', annotations: { moments: [], speakerNames: [] } },
      { type: 'transcript', recordingId: 's1', appended: [segment, 'x'], interim: null },
      { type: 'hello', snapshot: { transcript: {} } },
    ];
    for (const input of inputs) {
      expect(parseToView(input), JSON.stringify(input)).toEqual(oracle(input));
    }
    // The valid ones are accepted, not merely refused alike.
    for (const message of VALID) expect(parseToView(message)).toEqual(message);
  });

  it('keeps only the keys of its type, as the schema did', () => {
    expect(parseToView({ type: 'no-recording', state: { phase: 'idle' } })).toEqual({
      type: 'no-recording',
    });
  });
});
