import { FRAME_SAMPLES, PCM_ENCODER_PROCESSOR } from '../audio/pcm-format';
import type { PcmFrame } from '../audio/pcm-framer';

/** A tab's audio, captured in the offscreen document: played back, and encoded for Deepgram. */
export interface TabAudio {
  /** The AudioContext's rate (44.1 or 48 kHz), which the worklet resamples from. */
  readonly sampleRate: number;
  /** RMS of what is being played back to the user right now, 0–1. */
  playbackLevel(): number;
  stop(): Promise<void>;
}

export interface TabAudioOptions {
  /** From `tabCapture.getMediaStreamId` in the background. */
  streamId: string;
  /** The PCM encoder worklet's module URL. */
  workletUrl: string;
  onFrame(frame: PcmFrame): void;
  /** The capture ended by itself: the tab closed, or Chrome ended it. */
  onEnded(): void;
}

export async function openTabAudio(options: TabAudioOptions): Promise<TabAudio> {
  const media = await navigator.mediaDevices.getUserMedia({
    audio: {
      mandatory: { chromeMediaSource: 'tab', chromeMediaSourceId: options.streamId },
    } as MediaTrackConstraints,
    video: false,
  });
  const context = new AudioContext();
  try {
    const source = context.createMediaStreamSource(media);
    // Capturing a tab silences it for the user; playing the capture back keeps it audible.
    // The analyser on that path measures what is actually being played.
    const playback = context.createAnalyser();
    playback.fftSize = 2048;
    source.connect(playback);
    playback.connect(context.destination);

    await context.audioWorklet.addModule(options.workletUrl);
    const encoder = new AudioWorkletNode(context, PCM_ENCODER_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      processorOptions: { frameSamples: FRAME_SAMPLES },
    });
    encoder.port.onmessage = (event: MessageEvent<PcmFrame>) => options.onFrame(event.data);
    source.connect(encoder);

    const track = media.getAudioTracks()[0];
    track?.addEventListener('ended', options.onEnded, { once: true });
    const samples = new Float32Array(playback.fftSize);
    return {
      sampleRate: context.sampleRate,
      playbackLevel() {
        playback.getFloatTimeDomainData(samples);
        return Math.sqrt(samples.reduce((sum, value) => sum + value * value, 0) / samples.length);
      },
      async stop() {
        track?.removeEventListener('ended', options.onEnded);
        encoder.port.onmessage = null;
        source.disconnect();
        for (const mediaTrack of media.getTracks()) mediaTrack.stop();
        await context.close();
      },
    };
  } catch (error) {
    for (const mediaTrack of media.getTracks()) mediaTrack.stop();
    await context.close();
    throw error;
  }
}
