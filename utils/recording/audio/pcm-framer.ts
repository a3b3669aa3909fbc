/**
 * Cuts streams of float samples into fixed-size PCM16 frames, the unit sent to Deepgram, and
 * marks frames of digital silence (every sample exactly zero: a muted or paused tab), which are
 * not sent, so nobody is billed for them. With two inputs (the tab and the microphone) a frame
 * interleaves them, sample by sample, as Deepgram's multichannel audio is laid out.
 */

export interface PcmFrame {
  /** `frameSamples × channels` samples, interleaved when there are two channels. */
  pcm: Int16Array;
  channels: number;
  /** Every sample is zero. */
  silent: boolean;
}

export interface PcmFramer {
  /** One array per channel, all of the same length (the same render quantum). */
  push(channelSamples: Float32Array[]): PcmFrame[];
}

export function createPcmFramer(frameSamples: number, channels = 1): PcmFramer {
  const frameLength = frameSamples * channels;
  let frame = new Int16Array(frameLength);
  let filled = 0;
  let nonZero = false;
  return {
    push(channelSamples) {
      const frames: PcmFrame[] = [];
      const length = channelSamples[0]?.length ?? 0;
      for (let i = 0; i < length; i += 1) {
        for (let channel = 0; channel < channels; channel += 1) {
          // An input with nothing connected (a microphone that ended) is silence.
          const sample = channelSamples[channel]?.[i] ?? 0;
          const clamped = sample <= -1 ? -32768 : sample >= 1 ? 32767 : Math.round(sample * 32767);
          frame[filled] = clamped;
          if (clamped !== 0) nonZero = true;
          filled += 1;
        }
        if (filled === frameLength) {
          frames.push({ pcm: frame, channels, silent: !nonZero });
          frame = new Int16Array(frameLength);
          filled = 0;
          nonZero = false;
        }
      }
      return frames;
    },
  };
}
