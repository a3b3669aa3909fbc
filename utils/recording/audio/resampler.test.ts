import { describe, expect, it } from 'vitest';
import { goertzelPower } from '../../../tests/stand-ins/deepgram/tone-recognizer';
import { createResampler } from './resampler';

const OUT = 16_000;

function sine(hz: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

/** Pushes in 128-sample render quanta, as an AudioWorklet receives audio. */
function resampleInQuanta(input: Float32Array, inputRate: number): Float32Array {
  const resampler = createResampler({ inputRate, outputRate: OUT });
  const chunks: Float32Array[] = [];
  for (let offset = 0; offset < input.length; offset += 128) {
    // Copied: the resampler reuses its output array.
    chunks.push(resampler.push(input.subarray(offset, offset + 128)).slice());
  }
  const output = new Float32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    output.set(chunk, at);
    at += chunk.length;
  }
  return output;
}

/** RMS of the steady middle, past the filter's start-up. */
function steadyRms(samples: Float32Array): number {
  const middle = samples.subarray(
    Math.floor(samples.length * 0.2),
    Math.floor(samples.length * 0.8),
  );
  return Math.sqrt(middle.reduce((sum, v) => sum + v * v, 0) / middle.length);
}

/** Amplitude at one frequency, of the steady middle. */
function amplitudeAt(samples: Float32Array, hz: number, rate: number): number {
  const middle = samples.subarray(
    Math.floor(samples.length * 0.2),
    Math.floor(samples.length * 0.8),
  );
  // A pure sine of amplitude A has energy N·A²/2, which is what goertzelPower reports for it.
  return Math.sqrt((2 * goertzelPower(middle, hz / rate)) / middle.length);
}

const decibels = (ratio: number) => 20 * Math.log10(ratio);

describe('resampler', () => {
  for (const inputRate of [44_100, 48_000]) {
    it(`turns ${inputRate} Hz into 16 kHz: the right number of samples, speech kept at full level`, () => {
      const output = resampleInQuanta(sine(1_000, inputRate, 2), inputRate);
      const resampler = createResampler({ inputRate, outputRate: OUT });
      // Two seconds in, two seconds out, less the filter's delay.
      const expected = 2 * OUT - (resampler.delayInputSamples * OUT) / inputRate;
      expect(Math.abs(output.length - expected)).toBeLessThanOrEqual(2);
      expect(amplitudeAt(output, 1_000, OUT)).toBeCloseTo(0.5, 2);
      // Nothing but the 1 kHz tone: its energy is (nearly) all the energy.
      expect(steadyRms(output)).toBeCloseTo(0.5 / Math.SQRT2, 3);
    });

    it(`removes what 16 kHz cannot hold instead of folding it into speech (${inputRate} Hz)`, () => {
      // 12 kHz would alias to 4 kHz and 10 kHz to 6 kHz; both must all but vanish.
      for (const hz of [10_000, 12_000, 15_000]) {
        const output = resampleInQuanta(sine(hz, inputRate, 1), inputRate);
        expect(decibels(steadyRms(output) / (0.5 / Math.SQRT2))).toBeLessThan(-60);
      }
      // The top of the speech band passes (within 0.1 dB).
      const output = resampleInQuanta(sine(6_000, inputRate, 1), inputRate);
      expect(Math.abs(decibels(amplitudeAt(output, 6_000, OUT) / 0.5))).toBeLessThan(0.1);
    });
  }

  it('gives the same output however the input is cut into blocks', () => {
    const input = sine(700, 44_100, 0.5);
    const whole = createResampler({ inputRate: 44_100, outputRate: OUT }).push(input);
    const inQuanta = resampleInQuanta(input, 44_100);
    expect(inQuanta.length).toBe(whole.length);
    expect(Math.max(...inQuanta.map((v, i) => Math.abs(v - (whole[i] as number))))).toBeLessThan(
      1e-6,
    );
  });

  it('keeps digital silence exactly zero', () => {
    const output = resampleInQuanta(new Float32Array(44_100), 44_100);
    expect(output.every((sample) => sample === 0)).toBe(true);
  });
});

describe('at the output rate already', () => {
  it('passes the samples through untouched, with no delay', () => {
    const resampler = createResampler({ inputRate: 16_000, outputRate: 16_000 });
    const input = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i / 5));
    expect(resampler.push(input)).toEqual(input);
    expect(resampler.delayInputSamples).toBe(0);
  });
});
