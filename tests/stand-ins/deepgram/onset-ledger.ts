/**
 * When each tone began, as the stand-in saw it: the benchmark's "tone onset → bytes → result"
 * (bench/onset.mjs) told from the audio that actually arrived rather than from a page's nominal
 * timing. Per connection it is fed each audio message's samples (the first channel) with the
 * time the message arrived, finds onsets (the first sample louder than ONSET_LEVEL after at
 * least MIN_SILENCE_MS below it), and later learns which word the recognizer heard there and
 * when the first `Results` naming it was sent. Times are the stand-in's clock (`now()`).
 */

/** Louder than this (−40 dBFS) is sound: a tone's 5 ms ramp crosses it within a millisecond. */
const ONSET_LEVEL = 0.01;
/** Silence an onset must follow, longer than any quiet stretch inside a tone (its zero crossings). */
const MIN_SILENCE_MS = 50;

export interface ToneOnset {
  /** The onset's place on the stream's timeline, in samples of the first channel. */
  sample: number;
  /** When the message holding the onset arrived. */
  arrivedAt: number;
  /** Audio from the onset to the end of that message, in ms: what the client waited to fill. */
  frameFillMs: number;
  /** The word the recognizer started after this onset; null until (or unless) it does. */
  word: string | null;
  /** When the recognizer started the word (its first event for it). */
  startedAt: number | null;
  /** When the first `Results` naming the word was sent (interim or final). */
  resultAt: number | null;
}

export interface OnsetLedger {
  /** One audio message's samples (−1…1) and when it arrived. */
  push(samples: Float32Array, arrivedAt: number): void;
  /** The recognizer's first event for a new word: names the latest onset, if it has no word. */
  started(word: string, at: number): void;
  /** A `Results` naming `word` was sent. */
  resulted(word: string, at: number): void;
  readonly onsets: readonly ToneOnset[];
}

export function createOnsetLedger(sampleRate: number): OnsetLedger {
  const minSilence = Math.round((MIN_SILENCE_MS / 1000) * sampleRate);
  const onsets: ToneOnset[] = [];
  let samplesSeen = 0;
  // Quiet samples in a row so far. The stream's start counts as sound: a tone already playing
  // when the stream opened has no onset in it.
  let quietRun = 0;
  /** The onset the recognizer's current word was attached to. */
  let current: ToneOnset | null = null;

  return {
    push(samples, arrivedAt) {
      samples.forEach((sample, index) => {
        if (Math.abs(sample) < ONSET_LEVEL) {
          quietRun += 1;
          return;
        }
        if (quietRun >= minSilence) {
          onsets.push({
            sample: samplesSeen + index,
            arrivedAt,
            frameFillMs: ((samples.length - index) / sampleRate) * 1000,
            word: null,
            startedAt: null,
            resultAt: null,
          });
        }
        quietRun = 0;
      });
      samplesSeen += samples.length;
    },
    started(word, at) {
      // A word belongs to the latest onset; one already named (words with no pause between them)
      // leaves this word without an onset.
      const latest = onsets.at(-1);
      current = latest && latest.word === null ? latest : null;
      if (current) Object.assign(current, { word, startedAt: at });
    },
    resulted(word, at) {
      if (current?.word === word && current.resultAt === null) current.resultAt = at;
    },
    get onsets() {
      return onsets;
    },
  };
}
