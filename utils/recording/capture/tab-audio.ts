import type { PcmEncoderOptions } from '../audio/pcm-encoder';
import { FRAME_SAMPLES, PCM_ENCODER_PROCESSOR, TARGET_SAMPLE_RATE } from '../audio/pcm-format';
import type { PcmFrame } from '../audio/pcm-framer';
import { keepSpare, type Spare } from './spare';

/**
 * A tab's audio, captured in the offscreen document: played back, and encoded for Deepgram,
 * with the user's microphone beside it as a second channel when they include it.
 */
export interface TabAudio {
  /** The playback AudioContext's rate (44.1 or 48 kHz); the encoder's is always 16 kHz. */
  readonly sampleRate: number;
  /** RMS of what is being played back to the user right now, 0–1. */
  playbackLevel(): number;
  /** The microphone track this capture holds, as Chrome reports it; null without one. */
  microphone(): MicrophoneTrackState | null;
  stop(): Promise<void>;
}

export interface MicrophoneTrackState {
  label: string;
  readyState: MediaStreamTrackState;
  /** Whether Chrome's echo canceller runs on it. */
  echoCancellation: boolean | string | null;
}

export interface TabAudioOptions {
  /** From `tabCapture.getMediaStreamId` in the background. */
  streamId: string;
  /** The microphone, already open, sent as channel 2; this capture stops it when it stops. */
  microphone: MediaStream | null;
  /** 16 kHz contexts with the PCM encoder's module loaded (`encodingContexts`). */
  encoders: Spare<AudioContext>;
  onFrame(frame: PcmFrame): void;
  /** The capture ended by itself: the tab closed, or Chrome ended it. */
  onEnded(): void;
  /** The microphone ended by itself (unplugged, or revoked); the tab's capture goes on. */
  onMicrophoneEnded(): void;
}

/**
 * The encoder's context: Deepgram's rate, rendered 10 ms at a time (`renderSizeHint`, where
 * Chrome has it; 128 samples, 8 ms, where it has not). The tab's audio arrives in 10 ms pieces;
 * with render quanta of the same length it reaches the worklet ≈10 ms sooner than with 128
 * (a tone's onset → its bytes at the stand-in 44 → 36 ms median, `npm run bench -- transcription`).
 */
const ENCODER_CONTEXT: AudioContextOptions & { renderSizeHint?: number } = {
  sampleRate: TARGET_SAMPLE_RATE,
  renderSizeHint: TARGET_SAMPLE_RATE / 100,
};

/**
 * The encoder's contexts, one made ahead and suspended (no CPU while it waits): a Start skips
 * creating it and loading the module, ≈15 ms of its first byte (the first Start makes its own).
 * The next is made when a capture ends.
 */
export function encodingContexts(workletUrl: string): Spare<AudioContext> {
  return keepSpare(async () => {
    const encoding = new AudioContext(ENCODER_CONTEXT);
    try {
      await encoding.audioWorklet.addModule(workletUrl);
      await encoding.suspend();
      return encoding;
    } catch (error) {
      await encoding.close().catch(() => undefined);
      throw error;
    }
  });
}

const stopTracks = (media: MediaStream) => {
  for (const track of media.getTracks()) track.stop();
};

export async function openTabAudio(options: TabAudioOptions): Promise<TabAudio> {
  const { microphone, encoders } = options;
  const stopMicrophone = () => {
    for (const track of microphone?.getTracks() ?? []) track.stop();
  };
  // Two contexts: one plays the tab back at the device's rate (capturing a tab silences it for
  // the user), and one runs at Deepgram's 16 kHz for the encoder, so Chrome resamples in native
  // code and the worklet does no filtering in JavaScript. The tab's stream and the encoder's
  // context are asked for together.
  const getting = navigator.mediaDevices.getUserMedia({
    audio: {
      mandatory: { chromeMediaSource: 'tab', chromeMediaSourceId: options.streamId },
    } as MediaTrackConstraints,
    video: false,
  });
  const taking = encoders.take();
  let media: MediaStream;
  let encoding: AudioContext;
  try {
    [media, encoding] = await Promise.all([getting, taking]);
  } catch (error) {
    stopMicrophone();
    // Whichever of the two was got is given back.
    void getting.then(stopTracks).catch(() => undefined);
    void taking.then((context) => context.close()).catch(() => undefined);
    encoders.prepare();
    throw error;
  }
  const context = new AudioContext();
  const closeContexts = async () => {
    await Promise.all([context.close(), encoding.close()]);
    encoders.prepare();
  };
  try {
    // Resumed while the graph is built; the first frame needs both.
    const resuming = encoding.resume();
    const source = context.createMediaStreamSource(media);
    // The analyser on the playback path measures what is actually being played.
    const playback = context.createAnalyser();
    playback.fftSize = 2048;
    source.connect(playback);
    playback.connect(context.destination);

    const channels = microphone ? 2 : 1;
    const processorOptions: PcmEncoderOptions = { frameSamples: FRAME_SAMPLES, channels };
    const encoder = new AudioWorkletNode(encoding, PCM_ENCODER_PROCESSOR, {
      numberOfInputs: channels,
      numberOfOutputs: 0,
      processorOptions,
    });
    encoder.port.onmessage = (event: MessageEvent<PcmFrame>) => options.onFrame(event.data);
    const tabForEncoder = encoding.createMediaStreamSource(media);
    tabForEncoder.connect(encoder, 0, 0);
    // The microphone goes to the encoder only, never to the speakers.
    const voice = microphone ? encoding.createMediaStreamSource(microphone) : null;
    voice?.connect(encoder, 0, 1);

    const track = media.getAudioTracks()[0];
    track?.addEventListener('ended', options.onEnded, { once: true });
    const microphoneTrack = microphone?.getAudioTracks()[0] ?? null;
    // Its channel carries silence from then on; the recording goes on with the tab.
    microphoneTrack?.addEventListener('ended', options.onMicrophoneEnded, { once: true });
    const samples = new Float32Array(playback.fftSize);
    await resuming;
    return {
      sampleRate: context.sampleRate,
      playbackLevel() {
        playback.getFloatTimeDomainData(samples);
        return Math.sqrt(samples.reduce((sum, value) => sum + value * value, 0) / samples.length);
      },
      microphone: () =>
        microphoneTrack && {
          label: microphoneTrack.label,
          readyState: microphoneTrack.readyState,
          echoCancellation: microphoneTrack.getSettings().echoCancellation ?? null,
        },
      async stop() {
        track?.removeEventListener('ended', options.onEnded);
        microphoneTrack?.removeEventListener('ended', options.onMicrophoneEnded);
        encoder.port.onmessage = null;
        source.disconnect();
        tabForEncoder.disconnect();
        voice?.disconnect();
        stopTracks(media);
        stopMicrophone();
        await closeContexts();
      },
    };
  } catch (error) {
    stopTracks(media);
    stopMicrophone();
    await closeContexts();
    throw error;
  }
}
