import { useId } from 'preact/hooks';
import { describeError, type ErrorCode, fromErrorInfo } from '../utils/errors';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  transcriptAsPlainText,
} from '../utils/export/transcript-formats';
import type { SessionView } from '../utils/session/session-view';
import { languageName } from '../utils/settings/deepgram-models';
import { findModel } from '../utils/settings/transcription-settings';
import { Button } from './Button';
import { CopyButton } from './CopyButton';
import { Notice } from './Notice';
import styles from './TranscriptionPanel.module.css';
import { TranscriptLog } from './TranscriptLog';
import { formatElapsed, useNow } from './useNow';
import type { TranscriptClient } from './useTranscript';
import { useTranscript } from './useTranscript';

interface TranscriptionPanelProps {
  session: SessionView;
  /** The tab the popup was opened on; null when it has none (a window without tabs). */
  tabId: number | null;
  email: string;
  transcript: TranscriptClient;
  onStart(tabId: number): void;
  onStop(): void;
  onSignIn(): void;
  /** Opens the options page (where the microphone is allowed). */
  onOpenSettings(): void;
  /** Opens the saved transcript in the history page. */
  onOpenHistory(sessionId: string): void;
  copy(text: string): Promise<void>;
  /** Downloads the saved transcript (so far) in a format. */
  exportAs(sessionId: string, format: ExportFormat): Promise<void>;
  /**
   * The title of the tab being transcribed, when that is not the popup's tab (null while it is
   * unknown): the Stop button names it.
   */
  runningTabTitle?: string | null;
  /** Draw the words still being heard (the user's setting; on when not given). */
  showInterim?: boolean;
  now: () => number;
}

/** Start and stop for the popup's tab, how it is going, and the words so far. */
export function TranscriptionPanel(props: TranscriptionPanelProps) {
  const { session, tabId, email } = props;
  const thisTab = tabId !== null && session.tabId === tabId;
  const running = session.phase === 'starting' || session.phase === 'live';
  const busyHere = thisTab && (session.phase === 'starting' || session.phase === 'stopping');
  const liveHere = thisTab && session.phase === 'live';
  const transcript = useTranscript(props.transcript);
  const time = useNow(liveHere, props.now);
  const showTranscript = transcript.tabId !== null && transcript.tabId === tabId;
  const error = thisTab && session.phase === 'error' && session.error ? session.error : null;
  const finishedHere =
    thisTab && session.phase !== 'starting' && !liveHere && session.sessionId !== null;
  const transcriptText = transcriptAsPlainText(transcript.segments);
  const stopTargetId = useId();

  const reconnecting = liveHere && session.reconnecting === true;
  const heading = reconnecting
    ? 'Reconnecting…'
    : liveHere
      ? 'Transcribing this tab'
      : thisTab && session.phase === 'starting'
        ? 'Starting…'
        : thisTab && session.phase === 'stopping'
          ? 'Finishing the last words…'
          : 'Ready to transcribe';

  return (
    <main class={styles.panel}>
      <div class={styles.header}>
        <h2 class={styles.heading}>{heading}</h2>
        {liveHere && session.startedAt !== null && (
          <span class={reconnecting ? `${styles.live} ${styles.paused}` : styles.live}>
            <span class={styles.dot} aria-hidden="true" />
            <span class={styles.liveLabel}>{reconnecting ? 'Paused' : 'Live'}</span>
            <time>{formatElapsed(time - session.startedAt)}</time>
          </span>
        )}
      </div>
      {liveHere && session.stream && <p class={styles.note}>{describeStream(session.stream)}</p>}
      {liveHere && session.stream?.microphoneError && (
        <Notice
          tone="info"
          action={
            needsPermission(session.stream.microphoneError.code) && (
              <Button variant="link" onClick={props.onOpenSettings}>
                Allow the microphone
              </Button>
            )
          }
        >
          {describeError(fromErrorInfo(session.stream.microphoneError))}
        </Notice>
      )}
      {!thisTab && running && (
        <p class={styles.note}>Tabscribe is transcribing another tab. Starting here stops it.</p>
      )}
      {liveHere && session.stalled && !reconnecting && (
        <p class={styles.note} role="status">
          No audio is arriving from this tab. Tabscribe goes on as soon as it does.
        </p>
      )}
      {reconnecting && (
        <p class={styles.note} role="status">
          Connection lost: Tabscribe is reconnecting and keeps the audio; the words will follow.
        </p>
      )}
      {!running && !showTranscript && !error && (
        <p class={styles.note}>
          Signed in as <strong>{email}</strong>.
        </p>
      )}
      {error && <Notice tone="error">{describeError(fromErrorInfo(error))}</Notice>}
      {error?.code === 'signed_out' ? (
        <Button fullWidth onClick={props.onSignIn}>
          Sign in
        </Button>
      ) : liveHere || (thisTab && session.phase === 'stopping') ? (
        <Button fullWidth variant="secondary" pending={busyHere} onClick={props.onStop}>
          Stop transcription
        </Button>
      ) : (
        <Button
          fullWidth
          pending={busyHere}
          disabled={tabId === null}
          onClick={() => tabId !== null && props.onStart(tabId)}
        >
          Start transcription
        </Button>
      )}
      {!thisTab && running && (
        <div>
          <Button fullWidth variant="quiet" describedBy={stopTargetId} onClick={props.onStop}>
            Stop transcription
          </Button>
          <p id={stopTargetId} class={styles.stopTarget}>
            {props.runningTabTitle ? `of “${props.runningTabTitle}”` : 'of the other tab'}
          </p>
        </div>
      )}
      {(showTranscript || liveHere) && (
        <TranscriptLog
          class={styles.transcript}
          segments={showTranscript ? transcript.segments : []}
          interim={showTranscript && props.showInterim !== false ? transcript.interim : null}
          placeholder="Listening… words appear here as they are spoken."
        />
      )}
      {showTranscript && transcript.segments.length > 0 && (
        <div class={styles.links}>
          <CopyButton compact copy={() => props.copy(transcriptText)} />
          {session.sessionId !== null && (
            <label class={styles.export}>
              <span class="visually-hidden">Export</span>
              <select
                value=""
                onChange={(event) => {
                  const select = event.target as HTMLSelectElement;
                  const format = select.value as ExportFormat;
                  select.value = '';
                  if (format && session.sessionId) void props.exportAs(session.sessionId, format);
                }}
              >
                <option value="" disabled>
                  Export…
                </option>
                {EXPORT_FORMATS.map(({ format, label }) => (
                  <option key={format} value={format}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {finishedHere && session.sessionId !== null && (
            <Button
              variant="quiet"
              compact
              onClick={() => props.onOpenHistory(session.sessionId as string)}
            >
              Open in history
            </Button>
          )}
        </div>
      )}
    </main>
  );
}

/**
 * "English · Nova-3", "Any language (detected) · Nova-3 · With your microphone": what the
 * running session listens for and to.
 */
function describeStream(stream: NonNullable<SessionView['stream']>): string {
  const language =
    stream.language === 'multi' ? 'Any language (detected)' : languageName(stream.language);
  const microphone = stream.microphone === 'included' ? ' · With your microphone' : '';
  return `${language} · ${findModel(stream.model)?.label ?? stream.model}${microphone}`;
}

/** A microphone Chrome blocks, or stopped allowing: allowing it is on the settings page. */
function needsPermission(code: ErrorCode): boolean {
  return code === 'microphone_blocked' || code === 'microphone_revoked';
}
