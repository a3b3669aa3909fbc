import { TONE_WORDS, type ToneWord } from './tone-words.ts';

/**
 * Hears tone-words in a stream of PCM samples: the stand-in's "speech recognition". Audio is
 * cut into 20 ms windows; a window holds a word when it is loud enough and one vocabulary
 * frequency carries most of its energy (Goertzel at each frequency). A word starts after two
 * such windows in a row and ends after two without it, so one odd window changes nothing.
 * Times are positions on the stream's own audio timeline, in seconds.
 */

export type RecognizerEvent =
  | { kind: 'started'; word: ToneWord; start: number }
  | { kind: 'sounding'; word: ToneWord; start: number; end: number }
  | { kind: 'ended'; word: ToneWord; start: number; end: number };

export interface ToneRecognizer {
  /** Feeds samples (−1…1); returns what was heard in them. */
  push(samples: Float32Array): RecognizerEvent[];
  /** Ends a word still sounding, as Finalize and CloseStream do. */
  flush(): RecognizerEvent[];
  /** Seconds of audio received. */
  readonly seconds: number;
}

const WINDOW_SECONDS = 0.02;
/** Quieter than this (−40 dBFS RMS) is silence. */
const SILENCE_RMS = 0.01;
/** The share of a window's energy one frequency must carry to count as that word. */
const PURITY = 0.5;
/** Windows in a row that start or end a word. */
const DEBOUNCE_WINDOWS = 2;
/** A sounding word is reported (as an interim result) this often. */
const SOUNDING_EVERY_SECONDS = 0.1;

const entries = Object.entries(TONE_WORDS) as [ToneWord, number][];

export function createToneRecognizer(sampleRate: number): ToneRecognizer {
  const windowSize = Math.round(WINDOW_SECONDS * sampleRate);
  const window = new Float32Array(windowSize);
  let filled = 0;
  let windowsSeen = 0;
  let samplesSeen = 0;
  let current: { word: ToneWord; start: number; lastReport: number } | null = null;
  let candidate: { word: ToneWord | null; since: number; count: number } = {
    word: null,
    since: 0,
    count: 0,
  };

  const timeOfWindow = (index: number) => index * WINDOW_SECONDS;

  function classify(): ToneWord | null {
    let energy = 0;
    for (let i = 0; i < windowSize; i += 1) energy += (window[i] as number) ** 2;
    if (Math.sqrt(energy / windowSize) < SILENCE_RMS) return null;
    let best: ToneWord | null = null;
    let bestPower = 0;
    for (const [word, hz] of entries) {
      const power = goertzelPower(window, hz / sampleRate);
      if (power > bestPower) {
        bestPower = power;
        best = word;
      }
    }
    return bestPower / energy >= PURITY ? best : null;
  }

  function onWindow(events: RecognizerEvent[]) {
    const index = windowsSeen;
    windowsSeen += 1;
    const heard = classify();
    if (heard === candidate.word) candidate.count += 1;
    else candidate = { word: heard, since: index, count: 1 };
    if (candidate.count < DEBOUNCE_WINDOWS) {
      if (current) reportSounding(events, index);
      return;
    }
    if (current && current.word !== candidate.word) {
      events.push({
        kind: 'ended',
        word: current.word,
        start: current.start,
        end: timeOfWindow(candidate.since),
      });
      current = null;
    }
    if (!current && candidate.word) {
      const start = timeOfWindow(candidate.since);
      current = { word: candidate.word, start, lastReport: start };
      events.push({ kind: 'started', word: current.word, start });
    }
    if (current) reportSounding(events, index);
  }

  function reportSounding(events: RecognizerEvent[], index: number) {
    if (!current) return;
    const end = timeOfWindow(index + 1);
    if (end - current.lastReport >= SOUNDING_EVERY_SECONDS - 1e-9) {
      current.lastReport = end;
      events.push({ kind: 'sounding', word: current.word, start: current.start, end });
    }
  }

  return {
    push(samples) {
      const events: RecognizerEvent[] = [];
      samplesSeen += samples.length;
      for (const sample of samples) {
        window[filled] = sample;
        filled += 1;
        if (filled === windowSize) {
          onWindow(events);
          filled = 0;
        }
      }
      return events;
    },
    flush() {
      if (!current) return [];
      const ended: RecognizerEvent = {
        kind: 'ended',
        word: current.word,
        start: current.start,
        end: samplesSeen / sampleRate,
      };
      current = null;
      candidate = { word: null, since: windowsSeen, count: 0 };
      return [ended];
    },
    get seconds() {
      return samplesSeen / sampleRate;
    },
  };
}

/**
 * The power at one frequency (in cycles per sample), scaled so that a pure sine at exactly that
 * frequency gives the window's whole energy.
 */
export function goertzelPower(samples: Float32Array, cyclesPerSample: number): number {
  const coefficient = 2 * Math.cos(2 * Math.PI * cyclesPerSample);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const next = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = next;
  }
  const power = previous ** 2 + beforePrevious ** 2 - coefficient * previous * beforePrevious;
  return (2 * power) / samples.length;
}
