// The AudioWorklet processor that turns the tab's audio into the PCM Deepgram gets: 16 kHz,
// 16-bit, in frames of FRAME_MS (pcm-format.ts). One input is one channel, downmixed to mono:
// the tab alone, or the tab and the microphone as two channels of one stream. It runs on the audio rendering thread,
// so the capture never waits on the offscreen document's main thread. The unlisted script
// `entrypoints/pcm-encoder-worklet.ts` registers it; capture/tab-audio.ts loads that script with
// `audioWorklet.addModule`.
import { PCM_ENCODER_PROCESSOR, TARGET_SAMPLE_RATE } from './pcm-format';
import { createPcmFramer } from './pcm-framer';
import { createResampler } from './resampler';

// The AudioWorkletGlobalScope's own names (not in TypeScript's DOM library).
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new (options: { processorOptions: PcmEncoderOptions }) => AudioWorkletProcessor,
): void;

export interface PcmEncoderOptions {
  frameSamples: number;
  /** How many inputs the node has, each becoming one channel of the PCM. */
  channels: number;
}

/**
 * Registers the processor in the AudioWorkletGlobalScope. The class is defined here, inside, as
 * `AudioWorkletProcessor` exists in no other scope.
 */
export function registerPcmEncoder(): void {
  class PcmEncoder extends AudioWorkletProcessor {
    private readonly resamplers;
    private readonly framer;
    /**
     * Per input, reused for every render quantum: the audio thread should make no garbage. Sized
     * for Chrome's default quantum (128), and once again for another (`renderSizeHint`).
     */
    private readonly monos: Float32Array[];
    /**
     * What an input with nothing connected (yet) contributes: silence (the framer reads the
     * samples a shorter input lacks as silence too).
     */
    private readonly quiet = new Float32Array(128);

    constructor({ processorOptions }: { processorOptions: PcmEncoderOptions }) {
      super();
      const { frameSamples, channels } = processorOptions;
      this.framer = createPcmFramer(frameSamples, channels);
      this.resamplers = Array.from({ length: channels }, () =>
        createResampler({ inputRate: sampleRate, outputRate: TARGET_SAMPLE_RATE }),
      );
      this.monos = Array.from({ length: channels }, () => new Float32Array(128));
    }

    process(inputs: Float32Array[][]): boolean {
      // The tab drives the clock: before its audio flows there is nothing to frame.
      if (!inputs[0] || inputs[0].length === 0) return true;
      const resampled = this.resamplers.map((resampler, index) =>
        resampler.push(this.downmix(inputs[index] ?? [], index)),
      );
      for (const frame of this.framer.push(resampled)) {
        // Transferred, not copied: the frame is never touched here again.
        this.port.postMessage(frame, [frame.pcm.buffer]);
      }
      return true;
    }

    /** The average of the channels: a stereo tab's speech is usually in both. */
    private downmix(channels: Float32Array[], input: number): Float32Array {
      const first = channels[0];
      if (!first) return this.quiet;
      if (channels.length === 1) return first;
      if (this.monos[input]?.length !== first.length)
        this.monos[input] = new Float32Array(first.length);
      const mono = this.monos[input] as Float32Array;
      const share = 1 / channels.length;
      for (let i = 0; i < mono.length; i += 1) {
        let sum = 0;
        for (const channel of channels) sum += channel[i] as number;
        mono[i] = sum * share;
      }
      return mono;
    }
  }

  registerProcessor(PCM_ENCODER_PROCESSOR, PcmEncoder);
}
