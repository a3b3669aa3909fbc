import { useId } from 'preact/hooks';
import { describeError, sentenceFor } from '../utils/error-sentences';
import { type ErrorCode, type ErrorInfo, fromErrorInfo } from '../utils/errors';
import type { StreamInfo } from '../utils/recording/recording-state';
import {
  endSentence,
  headingOf,
  statusOfTab,
  type TabStatus,
} from '../utils/recording/recording-status';
import type { RecordingViewModel } from '../utils/recording/recording-view';
import { findModel, languageName } from '../utils/settings/deepgram-models';
import { Button } from './Button';
import { LevelMeter } from './LevelMeter';
import { Notice } from './Notice';
import styles from './TranscriptionPanel.module.css';
import { formatElapsed, useNow } from './useNow';

export interface RecordingControlsProps {
  recording: RecordingViewModel;
  /** The tab the view acts on; null when it has none (a window without tabs). */
  tabId: number | null;
  email: string;
  /** Why the latest Start on this tab was refused before any capture, if it was. */
  refusal: ErrorInfo | null;
  /** A Start or Stop this view asked for is under way. */
  pending: boolean;
  onStart(tabId: number): void;
  onStop(): void;
  /**
   * Marks a moment in the live recording; the button shows beside the Stop of whichever tab is
   * recorded (the side panel shows that recording's words whatever tab is in front).
   */
  onMarkMoment?: (() => void) | undefined;
  /** A moment, note, name or seek this view asked for that did not happen, and why. */
  failure?: ErrorCode | null;
  onSignIn(): void;
  /** Opens the options page (where the microphone is allowed). */
  onOpenSettings(): void;
  /** The recorded tab's title when it is not this one (null while unknown): Stop names it. */
  runningTabTitle?: string | null;
  now: () => number;
}

/**
 * What every view shows of the recording for its tab: the heading, the elapsed time and level,
 * what the stream listens for, why it ended or failed, and the one main button (Start, Stop, or
 * Sign in), with Stop for another tab being recorded.
 */
export function RecordingControls(props: RecordingControlsProps) {
  const { recording, tabId, email } = props;
  const status = statusOfTab(recording.state, tabId, props.refusal);
  const live = status.kind === 'live' ? status : null;
  const time = useNow(live !== null, props.now);
  const stopTargetId = useId();
  const error = status.kind === 'refused' || status.kind === 'ended' ? errorOf(status) : null;
  const stream = live && recording.state.phase === 'live' ? recording.state.stream : null;
  // Beside this tab's Stop it is the main action while live; beside another tab's, a quiet one.
  const markMoment = recording.state.phase === 'live' && props.onMarkMoment && (
    <Button fullWidth variant={live ? 'primary' : 'quiet'} onClick={props.onMarkMoment}>
      Mark moment
    </Button>
  );

  return (
    <>
      <div class={styles.header}>
        <h2 class={styles.heading}>{headingOf(status)}</h2>
        {live && (
          <span class={live.reconnecting ? `${styles.live} ${styles.paused}` : styles.live}>
            <span class={styles.dot} aria-hidden="true" />
            <span class={styles.liveLabel}>{live.reconnecting ? 'Paused' : 'Live'}</span>
            <time>{formatElapsed(time - live.startedAt)}</time>
          </span>
        )}
      </div>
      {live && <LevelMeter level={recording.level} />}
      {stream && <p class={styles.note}>{describeStream(stream)}</p>}
      {stream?.microphoneError && (
        <Notice
          tone="info"
          action={
            needsPermission(stream.microphoneError.code) && (
              <Button variant="link" onClick={props.onOpenSettings}>
                Allow the microphone
              </Button>
            )
          }
        >
          {describeError(fromErrorInfo(stream.microphoneError))}
        </Notice>
      )}
      <StatusNote status={status} />
      {(status.kind === 'ready' || (status.kind === 'ended' && !status.saved)) && !error && (
        <p class={styles.note}>
          Signed in as <strong>{email}</strong>.
        </p>
      )}
      {error && <Notice tone="error">{describeError(fromErrorInfo(error))}</Notice>}
      {props.failure && <Notice tone="error">{sentenceFor(props.failure)}</Notice>}
      {live && markMoment ? (
        <div class={styles.buttonRow}>
          <MainButton {...props} status={status} error={error} />
          {markMoment}
        </div>
      ) : (
        <MainButton {...props} status={status} error={error} />
      )}
      {status.kind === 'elsewhere' && (
        <div>
          <div class={styles.buttonRow}>
            <Button fullWidth variant="quiet" describedBy={stopTargetId} onClick={props.onStop}>
              Stop transcription
            </Button>
            {markMoment}
          </div>
          <p id={stopTargetId} class={styles.stopTarget}>
            {props.runningTabTitle ? `of “${props.runningTabTitle}”` : 'of the other tab'}
          </p>
        </div>
      )}
    </>
  );
}

function StatusNote({ status }: { status: TabStatus }) {
  if (status.kind === 'elsewhere') {
    return (
      <p class={styles.note}>Tabscribe is transcribing another tab. Starting here stops it.</p>
    );
  }
  if (status.kind === 'ended') {
    const sentence = endSentence(status);
    return sentence ? (
      <p class={styles.note} role="status">
        {sentence}
      </p>
    ) : null;
  }
  if (status.kind !== 'live') return null;
  const sentence = status.reconnecting
    ? 'Connection lost: Tabscribe is reconnecting and keeps the audio; the words will follow.'
    : status.stalled
      ? 'No audio is arriving from this tab. Tabscribe goes on as soon as it does.'
      : status.silent
        ? 'No sound from this tab right now.'
        : null;
  return sentence ? (
    <p class={styles.note} role="status">
      {sentence}
    </p>
  ) : null;
}

function MainButton(
  props: RecordingControlsProps & { status: TabStatus; error: ErrorInfo | null },
) {
  const { status, tabId, pending } = props;
  if (props.error?.code === 'signed_out') {
    return (
      <Button fullWidth onClick={props.onSignIn}>
        Sign in
      </Button>
    );
  }
  if (status.kind === 'live' || status.kind === 'stopping') {
    return (
      <Button
        fullWidth
        variant="secondary"
        pending={pending || status.kind === 'stopping'}
        onClick={props.onStop}
      >
        Stop transcription
      </Button>
    );
  }
  return (
    <Button
      fullWidth
      pending={pending || status.kind === 'starting'}
      disabled={tabId === null}
      onClick={() => tabId !== null && props.onStart(tabId)}
    >
      Start transcription
    </Button>
  );
}

function errorOf(status: TabStatus): ErrorInfo | null {
  if (status.kind === 'refused') return status.error;
  return status.kind === 'ended' ? status.error : null;
}

/**
 * "English · Nova-3", "Any language (detected) · Nova-3 · With your microphone": what the
 * running recording listens for and to.
 */
function describeStream(stream: StreamInfo): string {
  const language =
    stream.language === 'multi' ? 'Any language (detected)' : languageName(stream.language);
  const microphone = stream.microphone === 'included' ? ' · With your microphone' : '';
  return `${language} · ${findModel(stream.model)?.label ?? stream.model}${microphone}`;
}

/** A microphone Chrome blocks, or stopped allowing: allowing it is on the settings page. */
function needsPermission(code: ErrorCode): boolean {
  return code === 'microphone_blocked' || code === 'microphone_revoked';
}
