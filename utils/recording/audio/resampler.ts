/**
 * Band-limited sample-rate conversion for the capture path: the tab's audio arrives at the
 * AudioContext's rate (44.1 or 48 kHz, sometimes others) and Deepgram gets 16 kHz. Dropping or
 * averaging samples would fold everything above 8 kHz back into the speech band; instead every
 * output sample is a windowed-sinc interpolation of the input, low-passed below the output's
 * Nyquist frequency, which both filters (anti-aliasing) and handles any ratio, 44.1 → 16 included.
 */

export interface Resampler {
  /**
   * Feeds input samples; returns the output samples they complete. The returned array is reused
   * by the next call (it runs 344 times a second on the audio thread: no garbage per call).
   */
  push(input: Float32Array): Float32Array;
  /** Output samples lag input by this many input samples (half the filter). */
  readonly delayInputSamples: number;
}

export interface ResamplerOptions {
  inputRate: number;
  outputRate: number;
  /** Pass band edge as a share of the output's Nyquist frequency; 0.875 keeps speech to 7 kHz. */
  cutoffRatio?: number;
  /** The filter's reach on each side, in zero crossings of its sinc: longer is steeper. */
  zeroCrossings?: number;
  /** Fractional positions the filter is tabulated at; output positions snap to the nearest. */
  phases?: number;
}

export function createResampler(options: ResamplerOptions): Resampler {
  const { inputRate, outputRate } = options;
  const cutoffRatio = options.cutoffRatio ?? 0.875;
  const zeroCrossings = options.zeroCrossings ?? 16;
  const phases = options.phases ?? 256;
  if (outputRate > inputRate) throw new Error('The resampler only downsamples.');
  // At the output's rate already (the encoder's AudioContext runs at 16 kHz, and Chrome
  // resamples the tab in native code): nothing to filter, no delay.
  if (inputRate === outputRate) return { push: (input) => input, delayInputSamples: 0 };

  // Cut-off in cycles per input sample, and the filter's half-width in input samples.
  const cutoff = (cutoffRatio * outputRate) / 2 / inputRate;
  const halfWidth = Math.ceil(zeroCrossings / (2 * cutoff));
  const taps = 2 * halfWidth;
  const table = tabulateFilter(cutoff, halfWidth, phases);

  // The input still needed, starting `taps` zeros early: before the stream began there was
  // silence, and the filter can then read a full window for the very first output sample.
  let history = new Float32Array(taps + 4096);
  /** Absolute index (in the input stream) of history[0], and how much of history is filled. */
  let historyStart = -taps;
  let historyLength = taps;
  // The next output sample's input position, kept as whole + remainder / outputRate so that it
  // never drifts: each output advances it by exactly inputRate / outputRate.
  let whole = 0;
  let remainder = 0;
  const stepWhole = Math.floor(inputRate / outputRate);
  const stepRemainder = inputRate - stepWhole * outputRate;
  let output = new Float32Array(256);

  function append(input: Float32Array) {
    if (historyLength + input.length > history.length) {
      // Keep only what the next output still needs: from its first tap on.
      const needed = Math.max(0, whole - halfWidth + 1 - historyStart);
      const kept = history.subarray(needed, historyLength);
      const grown = new Float32Array(Math.max(history.length, kept.length + input.length + taps));
      grown.set(kept);
      history = grown;
      historyStart += needed;
      historyLength = kept.length;
    }
    history.set(input, historyLength);
    historyLength += input.length;
  }

  return {
    push(input) {
      append(input);
      const end = historyStart + historyLength;
      const most = Math.ceil(((input.length + taps) * outputRate) / inputRate) + 2;
      if (output.length < most) output = new Float32Array(most);
      let produced = 0;
      while (whole + halfWidth < end) {
        const kernel = table[Math.round((remainder / outputRate) * phases)] as Float32Array;
        let sum = 0;
        let index = whole - halfWidth + 1 - historyStart;
        for (let tap = 0; tap < taps; tap += 1, index += 1) {
          sum += (history[index] as number) * (kernel[tap] as number);
        }
        output[produced] = sum;
        produced += 1;
        whole += stepWhole;
        remainder += stepRemainder;
        if (remainder >= outputRate) {
          whole += 1;
          remainder -= outputRate;
        }
      }
      return output.subarray(0, produced);
    },
    delayInputSamples: halfWidth,
  };
}

/**
 * The low-pass kernel at `phases + 1` fractional offsets (0 and 1 both, so rounding up is safe).
 * Tap k of phase p weighs input sample (whole − halfWidth + 1 + k) for an output at whole + p/phases.
 */
function tabulateFilter(cutoff: number, halfWidth: number, phases: number): Float32Array[] {
  const taps = 2 * halfWidth;
  const table: Float32Array[] = [];
  for (let phase = 0; phase <= phases; phase += 1) {
    const fraction = phase / phases;
    const kernel = new Float32Array(taps);
    let sum = 0;
    for (let tap = 0; tap < taps; tap += 1) {
      const distance = tap - halfWidth + 1 - fraction; // input sample minus output position
      const x = 2 * cutoff * distance;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const value = 2 * cutoff * sinc * blackman(distance / halfWidth);
      kernel[tap] = value;
      sum += value;
    }
    // Unity gain at DC for every phase, so a steady level stays steady.
    for (let tap = 0; tap < taps; tap += 1) kernel[tap] = (kernel[tap] as number) / sum;
    table.push(kernel);
  }
  return table;
}

/** The Blackman window over −1…1 (zero outside): ~74 dB of stop-band rejection. */
function blackman(t: number): number {
  if (t <= -1 || t >= 1) return 0;
  const x = Math.PI * (t + 1);
  return 0.42 - 0.5 * Math.cos(x) + 0.08 * Math.cos(2 * x);
}
