/**
 * Cuts a stream of float samples into fixed-size PCM16 frames, the unit sent to Deepgram, and
 * marks frames of digital silence (every sample exactly zero: a muted or paused tab), which are
 * not sent, so nobody is billed for them.
 */

export interface PcmFrame {
  pcm: Int16Array;
  /** Every sample is zero. */
  silent: boolean;
}

export interface PcmFramer {
  push(samples: Float32Array): PcmFrame[];
}

export function createPcmFramer(frameSamples: number): PcmFramer {
  let frame = new Int16Array(frameSamples);
  let filled = 0;
  let nonZero = false;
  return {
    push(samples) {
      const frames: PcmFrame[] = [];
      for (const sample of samples) {
        const clamped = sample <= -1 ? -32768 : sample >= 1 ? 32767 : Math.round(sample * 32767);
        frame[filled] = clamped;
        if (clamped !== 0) nonZero = true;
        filled += 1;
        if (filled === frameSamples) {
          frames.push({ pcm: frame, silent: !nonZero });
          frame = new Int16Array(frameSamples);
          filled = 0;
          nonZero = false;
        }
      }
      return frames;
    },
  };
}
