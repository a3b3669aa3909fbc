/** What the capture sends Deepgram, shared by the worklet, the stream and the stand-in tests. */

/** Deepgram's preferred rate for speech: the band that matters, at a third of 48 kHz's bytes. */
export const TARGET_SAMPLE_RATE = 16_000;

/**
 * 40 ms of audio per message. Short enough that the first words leave the browser soon after
 * Start (a frame must fill before it is sent), long enough that 25 messages a second cost
 * nothing; inside Deepgram's advice of 20–250 ms per message.
 */
export const FRAME_MS = 40;
export const FRAME_SAMPLES = (TARGET_SAMPLE_RATE * FRAME_MS) / 1000;

/** The name the PCM encoder registers under in the AudioWorkletGlobalScope. */
export const PCM_ENCODER_PROCESSOR = 'tabscribe-pcm-encoder';
