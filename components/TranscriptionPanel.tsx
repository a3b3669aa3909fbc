import { statusOfTab } from '../utils/recording/recording-status';
import type { ExportFormat } from '../utils/saved/export/export-formats';
import { copyAsPlainText } from './copyAsPlainText';
import { LiveTranscript } from './LiveTranscript';
import { MomentList } from './MomentList';
import { RecordingControls, type RecordingControlsProps } from './RecordingControls';
import { TranscriptActions } from './TranscriptActions';
import styles from './TranscriptionPanel.module.css';

interface TranscriptionPanelProps extends RecordingControlsProps {
  /** Opens the saved transcript in the history page. */
  onOpenHistory(recordingId: string): void;
  copy(text: string): Promise<void>;
  /** Downloads the saved transcript (so far) in a format. */
  exportAs(recordingId: string, format: ExportFormat): Promise<void>;
  /** Draw the words still being heard (the user's setting; on when not given). */
  showInterim?: boolean;
  /** Saves the note typed for a moment. */
  onNote?: (id: string, note: string) => void;
  /** Plays the tab's media from a paragraph's time. */
  onSeek?: (mediaSeconds: number) => void;
}

/** The popup's panel: the controls for its tab, and that tab's words so far. */
export function TranscriptionPanel(props: TranscriptionPanelProps) {
  const { recording, tabId } = props;
  const status = statusOfTab(recording.state, tabId, props.refusal);
  const live = status.kind === 'live' ? status : null;
  const { transcript } = recording;
  const recordedHere =
    recording.state.phase !== 'idle' && tabId !== null && recording.state.tabId === tabId;
  const showTranscript =
    recordedHere && status.kind !== 'refused' && transcript.recordingId !== null;

  return (
    <main class={styles.panel}>
      <RecordingControls {...props} />
      {(live || (showTranscript && transcript.segments.length > 0)) && (
        <LiveTranscript
          class={styles.transcript}
          segments={showTranscript ? transcript.segments : []}
          interim={showTranscript && props.showInterim !== false ? transcript.interim : null}
          annotations={showTranscript ? transcript.annotations : undefined}
          unread={showTranscript ? transcript.unread : undefined}
          onSeek={props.onSeek}
          placeholder={
            live?.silent
              ? 'No sound from this tab. Words appear here as soon as it plays something.'
              : 'Listening… words appear here as they are spoken.'
          }
        />
      )}
      {showTranscript && (
        <MomentList moments={transcript.annotations.moments} onNote={props.onNote} />
      )}
      {showTranscript && transcript.recordingId !== null && transcript.segments.length > 0 && (
        <TranscriptActions
          recordingId={transcript.recordingId}
          copy={() => copyAsPlainText(props.copy, transcript.segments, transcript.annotations)}
          exportAs={props.exportAs}
          onOpenHistory={status.kind === 'ended' && status.saved ? props.onOpenHistory : undefined}
        />
      )}
    </main>
  );
}
