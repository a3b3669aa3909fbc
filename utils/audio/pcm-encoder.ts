// The AudioWorklet processor that turns the tab's audio into the PCM Deepgram gets: mono,
// 16 kHz, 16-bit, in frames of FRAME_MS (pcm-format.ts). It runs on the audio rendering thread,
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
  processor: new (options: { processorOptions: { frameSamples: number } }) => AudioWorkletProcessor,
): void;

/**
 * Registers the processor in the AudioWorkletGlobalScope. The class is defined here, inside, as
 * `AudioWorkletProcessor` exists in no other scope.
 */
export function registerPcmEncoder(): void {
  class PcmEncoder extends AudioWorkletProcessor {
    private readonly resampler = createResampler({
      inputRate: sampleRate,
      outputRate: TARGET_SAMPLE_RATE,
    });
    private readonly framer;

    constructor(options: { processorOptions: { frameSamples: number } }) {
      super();
      this.framer = createPcmFramer(options.processorOptions.frameSamples);
    }

    /** Reused for every render quantum: the audio thread should make no garbage. */
    private mono = new Float32Array(128);

    process(inputs: Float32Array[][]): boolean {
      const channels = inputs[0];
      if (!channels || channels.length === 0) return true;
      const mono = this.downmix(channels);
      for (const frame of this.framer.push(this.resampler.push(mono))) {
        // Transferred, not copied: the frame is never touched here again.
        this.port.postMessage(frame, [frame.pcm.buffer]);
      }
      return true;
    }

    /** The average of the channels: a stereo tab's speech is usually in both. */
    private downmix(channels: Float32Array[]): Float32Array {
      const first = channels[0] as Float32Array;
      if (channels.length === 1) return first;
      if (this.mono.length !== first.length) this.mono = new Float32Array(first.length);
      const mono = this.mono;
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
