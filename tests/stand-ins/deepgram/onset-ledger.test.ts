import { describe, expect, it } from 'vitest';
import { createOnsetLedger } from './onset-ledger.ts';
import { synthesizeToneSequence } from './tone-words.ts';

const RATE = 16_000;
/** 40 ms messages, as the extension sends. */
const CHUNK = 640;

/** Feeds the samples in messages of `chunk`, the n-th arriving at `10 * n` (ms). */
function ledgerOf(samples: Float32Array, chunk = CHUNK) {
  const ledger = createOnsetLedger(RATE);
  for (let offset = 0, n = 0; offset < samples.length; offset += chunk, n += 1) {
    ledger.push(samples.subarray(offset, offset + chunk), 10 * n);
  }
  return ledger;
}

const silence = (ms: number) => new Float32Array((ms / 1000) * RATE);
const joined = (...parts: Float32Array[]) => {
  const all = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
};

describe('onset ledger (when each tone began, at the stand-in)', () => {
  it.each([
    // Onsets at gap + i·(tone + gap), within the ramp's first millisecond.
    { words: 3, toneMs: 300, gapMs: 300 },
    { words: 2, toneMs: 100, gapMs: 60 },
    { words: 4, toneMs: 250, gapMs: 500 },
  ])('finds $words onsets of tones $toneMs ms apart by $gapMs ms of silence', (row) => {
    const words = (['alpha', 'golf', 'charlie', 'hotel'] as const).slice(0, row.words);
    const { toneMs, gapMs } = row;
    const samples = synthesizeToneSequence({ words: [...words], toneMs, gapMs }, RATE);
    const { onsets } = ledgerOf(samples);
    expect(onsets).toHaveLength(row.words);
    onsets.forEach((onset, i) => {
      const nominal = ((row.gapMs + i * (row.toneMs + row.gapMs)) / 1000) * RATE;
      expect(onset.sample - nominal).toBeGreaterThanOrEqual(0);
      expect(onset.sample - nominal).toBeLessThan(RATE / 1000);
      // The message holding it arrived at 10 ms × its index; its audio ran on to the chunk's end.
      const message = Math.floor(onset.sample / CHUNK);
      expect(onset.arrivedAt).toBe(10 * message);
      expect(onset.frameFillMs).toBeCloseTo((((message + 1) * CHUNK - onset.sample) / RATE) * 1000);
    });
  });

  it.each([
    { case: 'a tone playing as the stream opens', samples: tone(100), onsets: 0 },
    { case: 'sound below −40 dBFS', samples: joined(silence(100), tone(100, 0.009)), onsets: 0 },
    {
      case: 'a pause shorter than 50 ms',
      samples: joined(silence(60), tone(100), silence(40), tone(100)),
      onsets: 1,
    },
  ])('finds $onsets onsets in $case', ({ samples, onsets }) => {
    expect(ledgerOf(samples).onsets).toHaveLength(onsets);
  });

  it('names an onset with the word started after it, and times its first result', () => {
    const ledger = ledgerOf(joined(silence(100), tone(100), silence(100), tone(100)));
    ledger.started('alpha', 500);
    ledger.resulted('alpha', 520);
    ledger.resulted('alpha', 620);
    // A word no onset is left for (the recognizer heard it with none before it) names nothing.
    ledger.started('bravo', 700);
    ledger.resulted('bravo', 720);
    expect(
      ledger.onsets.map(({ word, startedAt, resultAt }) => ({ word, startedAt, resultAt })),
    ).toEqual([
      { word: null, startedAt: null, resultAt: null },
      { word: 'alpha', startedAt: 500, resultAt: 520 },
    ]);
  });

  it('gives each word its own onset, in order', () => {
    const ledger = createOnsetLedger(RATE);
    ledger.push(joined(silence(100), tone(100)), 0);
    ledger.started('alpha', 1);
    ledger.resulted('alpha', 2);
    ledger.push(joined(silence(100), tone(100)), 3);
    ledger.started('bravo', 4);
    ledger.resulted('alpha', 5); // a late final of the first word changes nothing
    ledger.resulted('bravo', 6);
    expect(ledger.onsets.map(({ word, resultAt }) => [word, resultAt])).toEqual([
      ['alpha', 2],
      ['bravo', 6],
    ]);
  });
});

/** A plain 440 Hz sine (no ramp) at `level`. */
function tone(ms: number, level = 0.5): Float32Array {
  return new Float32Array((ms / 1000) * RATE).map(
    (_, i) => level * Math.sin((2 * Math.PI * 440 * i) / RATE + 0.3),
  );
}
