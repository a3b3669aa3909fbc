import type { ErrorInfo } from '../errors';
import type { TranscriptStore } from '../saved/transcript-store';
import type { PcmFrame } from './audio/pcm-framer';
import type { TabAudio } from './capture/tab-audio';
import type { ListenQuery } from './stream/listen-connection';
import type { TranscriptionStream, TranscriptionStreamDeps } from './stream/transcription-stream';

/** What the recording's owner (`recorder.ts`) is given: Chrome's and Deepgram's sides, the store. */
export interface RecorderDeps {
  /** Opens the tab's audio, with the microphone as a second channel when one is given. */
  openTabAudio(options: {
    streamId: string;
    microphone: MediaStream | null;
    onFrame(frame: PcmFrame): void;
    onEnded(): void;
    onMicrophoneEnded(): void;
  }): Promise<TabAudio>;
  /** Opens the user's microphone; rejects with `microphone_blocked` or `microphone_missing`. */
  openMicrophone(): Promise<MediaStream>;
  /** Why the microphone stopped: unplugged (`microphone_lost`) or revoked. */
  whyMicrophoneEnded(): Promise<ErrorInfo['code']>;
  createStream(
    handlers: Pick<
      TranscriptionStreamDeps,
      'onMessage' | 'onLost' | 'onConnectionChange' | 'onGap'
    >,
    query: ListenQuery,
  ): TranscriptionStream;
  /** The account's saved transcripts, opened at each Start beside the stream. */
  openStore(accountId: string): Promise<TranscriptStore>;
  /** For a failed save: the transcript on screen goes on, the failure is logged. */
  logError(message: string, error: unknown): void;
  now: () => number;
}
