/**
 * The stand-in's "language": each word is a pure tone of its own frequency. Test pages play a
 * sequence of tone-words through a real tab; the live-listen endpoint hears them in the PCM the
 * extension streams and answers with those words, so a test can check the whole path, audio
 * included, word for word.
 *
 * Frequencies sit 220 Hz apart between 440 Hz and 2 kHz: far enough apart for a 20 ms analysis
 * window (50 Hz bins) to tell them apart, and well inside a 16 kHz stream's 8 kHz band.
 */
export const TONE_WORDS = {
  alpha: 440,
  bravo: 660,
  charlie: 880,
  delta: 1100,
  echo: 1320,
  foxtrot: 1540,
  golf: 1760,
  hotel: 1980,
} as const;

export type ToneWord = keyof typeof TONE_WORDS;

export function isToneWord(word: string): word is ToneWord {
  return Object.hasOwn(TONE_WORDS, word);
}

export interface ToneSequence {
  words: ToneWord[];
  /** How long each word sounds. */
  toneMs: number;
  /** Silence before the first word and after each one. */
  gapMs: number;
  /** Peak amplitude, 0–1. */
  amplitude?: number;
}

/**
 * The samples of a tone-word sequence: silence, word, silence, word… with 5 ms raised-cosine
 * ramps at each tone's edges (a hard edge would splatter energy across every frequency).
 */
export function synthesizeToneSequence(sequence: ToneSequence, sampleRate: number): Float32Array {
  const { words, toneMs, gapMs, amplitude = 0.5 } = sequence;
  const toneSamples = Math.round((toneMs / 1000) * sampleRate);
  const gapSamples = Math.round((gapMs / 1000) * sampleRate);
  const rampSamples = Math.min(Math.round(0.005 * sampleRate), Math.floor(toneSamples / 2));
  const samples = new Float32Array(gapSamples + words.length * (toneSamples + gapSamples));
  words.forEach((word, index) => {
    const offset = gapSamples + index * (toneSamples + gapSamples);
    const step = (2 * Math.PI * TONE_WORDS[word]) / sampleRate;
    for (let i = 0; i < toneSamples; i += 1) {
      const edge = Math.min(i, toneSamples - 1 - i);
      const ramp = edge < rampSamples ? 0.5 - 0.5 * Math.cos((Math.PI * edge) / rampSamples) : 1;
      samples[offset + i] = amplitude * ramp * Math.sin(step * i);
    }
  });
  return samples;
}

/** A mono 16-bit PCM WAV file of the samples, for an `<audio>` element. */
export function encodeWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, index) => {
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, sample)) * 32767), index * 2);
  });
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
