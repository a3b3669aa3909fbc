import type { Annotations } from '../transcript/annotations';
import type { TranscriptDelta, TranscriptSnapshot } from '../transcript/transcript-model';
import type { MicrophoneTrackState } from './capture/tab-audio';
import type { RecordingState } from './recording-state';
import type { TranscriptionStream } from './stream/transcription-stream';

/** What the recording's owner publishes: its state, its words and how the capture goes. */

/** The latest recording's transcript, with the recording it belongs to. */
export interface RecordingTranscript extends TranscriptSnapshot {
  recordingId: string | null;
  /** The moments marked and the names given to speakers so far. */
  annotations: Annotations;
  /**
   * Segments before `segments` that are saved but could not be read back for this view (a failed
   * read): the view says earlier words are missing here. Absent or 0 when none are.
   */
  unread?: number;
}

export interface RecordingSnapshot {
  state: RecordingState;
  transcript: RecordingTranscript;
}

export type RecordingChange =
  | { type: 'state'; state: RecordingState }
  | ({ type: 'transcript'; recordingId: string } & TranscriptDelta)
  | { type: 'level'; recordingId: string; level: number }
  | { type: 'annotations'; recordingId: string; annotations: Annotations };

export interface RecordingDiagnostics {
  recordingId: string | null;
  sampleRate: number | null;
  playbackLevel: number;
  stream: TranscriptionStream['stats'] | null;
  /** The latest recording's microphone track as Chrome reports it; null when it had none. */
  microphone: MicrophoneTrackState | null;
  /** Words the microphone heard that were the tab's echo, left out (the latest recording). */
  echoWordsDropped: number;
}
