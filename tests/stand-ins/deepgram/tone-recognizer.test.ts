import { describe, expect, it } from 'vitest';
import { createToneRecognizer, type RecognizerEvent } from './tone-recognizer.ts';
import { synthesizeToneSequence, type ToneWord } from './tone-words.ts';

const RATE = 16_000;

function hear(samples: Float32Array, chunk = 800): RecognizerEvent[] {
  const recognizer = createToneRecognizer(RATE);
  const events: RecognizerEvent[] = [];
  for (let offset = 0; offset < samples.length; offset += chunk) {
    events.push(...recognizer.push(samples.subarray(offset, offset + chunk)));
  }
  return [...events, ...recognizer.flush()];
}

const ended = (events: RecognizerEvent[]) => events.filter((event) => event.kind === 'ended');

describe('tone recognizer (the Deepgram stand-in’s ears)', () => {
  it('hears each word of a sequence, in order, with its place on the timeline', () => {
    const words: ToneWord[] = ['alpha', 'hotel', 'charlie', 'delta'];
    const events = hear(synthesizeToneSequence({ words, toneMs: 400, gapMs: 300 }, RATE));
    const finals = ended(events);
    expect(finals.map((event) => event.word)).toEqual(words);
    finals.forEach((event, index) => {
      const start = 0.3 + index * 0.7;
      expect(event.start).toBeCloseTo(start, 1);
      expect(event.end).toBeCloseTo(start + 0.4, 1);
    });
  });

  it('reports a sounding word about every 100 ms before it ends', () => {
    const events = hear(synthesizeToneSequence({ words: ['golf'], toneMs: 600, gapMs: 200 }, RATE));
    const sounding = events.filter((event) => event.kind === 'sounding');
    expect(sounding.length).toBeGreaterThanOrEqual(4);
    expect(sounding.every((event) => event.word === 'golf')).toBe(true);
    expect(events.at(-1)?.kind).toBe('ended');
  });

  it('hears nothing in silence, noise, or a tone outside the vocabulary', () => {
    const silence = new Float32Array(RATE);
    let seed = 1;
    const noise = silence.map(() => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647 - 0.5) * 0.5;
    });
    const offVocabulary = silence.map((_, i) => 0.5 * Math.sin((2 * Math.PI * 3000 * i) / RATE));
    for (const samples of [silence, noise, offVocabulary]) expect(hear(samples)).toEqual([]);
  });

  it('ends a word cut off mid-tone when flushed', () => {
    const samples = synthesizeToneSequence({ words: ['echo'], toneMs: 1000, gapMs: 100 }, RATE);
    const recognizer = createToneRecognizer(RATE);
    recognizer.push(samples.subarray(0, Math.round(0.5 * RATE)));
    expect(recognizer.flush()).toEqual([
      { kind: 'ended', word: 'echo', start: expect.closeTo(0.1, 1), end: 0.5 },
    ]);
  });
});
