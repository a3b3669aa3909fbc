import { useEffect, useState } from 'preact/hooks';
import { sentenceFor } from '../utils/error-sentences';
import type { ErrorCode } from '../utils/errors';
import type { SeekOutcome } from '../utils/media/seek-media';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportFileName,
  exportTranscript,
} from '../utils/saved/export/transcript-formats';
import { annotationsOf } from '../utils/saved/transcript-db';
import type { SavedTranscript, TranscriptStore } from '../utils/saved/transcript-store';
import { type Annotations, withNote, withSpeakerName } from '../utils/transcript/annotations';
import { Button } from './Button';
import type { LiveAnnotation } from './HistoryApp';
import styles from './HistoryApp.module.css';
import { HistorySegments } from './HistorySegments';
import { HistoryTitleEditor } from './HistoryTitleEditor';
import { historySummary } from './historyListing';
import { MomentList } from './MomentList';
import { Notice } from './Notice';
import { SpeakerNames } from './SpeakerNames';
import type { Schedule } from './schedule';
import { useFocusRequest } from './useFocusRequest';

/** Segments drawn in the first frame; the rest follow in batches, so a 3-hour transcript opens at once. */
const FIRST_BATCH = 60;
const LATER_BATCH = 600;
/** How long "Copied" says so before the button reads "Copy" again. */
const COPIED_MS = 2_000;

/** How many of `total` items to draw now: a first screenful, then more every frame until all. */
function useProgressiveCount(total: number): number {
  const [progress, setProgress] = useState({ total, shown: Math.min(total, FIRST_BATCH) });
  useEffect(() => {
    if (total <= FIRST_BATCH) return;
    let shown = FIRST_BATCH;
    let frame = 0;
    const grow = () => {
      shown = Math.min(total, shown + LATER_BATCH);
      setProgress({ total, shown });
      if (shown < total) frame = requestAnimationFrame(grow);
    };
    frame = requestAnimationFrame(grow);
    return () => cancelAnimationFrame(frame);
  }, [total]);
  // A new total (the transcript just loaded) draws its first batch in this very render.
  return progress.total === total ? progress.shown : Math.min(total, FIRST_BATCH);
}

interface HistoryTranscriptViewProps {
  store: TranscriptStore;
  sessionId: string;
  /** Cut-off sessions have been marked interrupted: this one's status is read again then. */
  recovered: boolean;
  query: string;
  download(fileName: string, mime: string, text: string): void;
  copy(text: string): Promise<void>;
  schedule: Schedule;
  onBack(): void;
  onDelete(): void;
  onRenamed(): void;
  /**
   * Gives a note or a name to the recording's owner when `sessionId` is being recorded now, and
   * answers what it holds then; null when it is not (the store is the owner).
   */
  annotateLive(sessionId: string, change: LiveAnnotation): Promise<Annotations | null>;
  /** Plays the recorded page's media from a time: in its tab, or at the page's time link. */
  seekMedia(session: SavedTranscript['session'], seconds: number): Promise<SeekOutcome>;
}

/** One saved transcript: its words with times and speakers, rename, export, copy and delete. */
export function HistoryTranscriptView(props: HistoryTranscriptViewProps) {
  const [saved, setSaved] = useState<SavedTranscript | null | undefined>(undefined);
  const shown = useProgressiveCount(saved ? saved.segments.length : 0);
  const [renaming, setRenaming] = useState(false);
  const [copied, setCopied] = useState(false);
  // An export or a copy that failed, until the next is tried.
  const [failure, setFailure] = useState<ErrorCode | null>(null);
  const { root, focusAfterRender } = useFocusRequest<HTMLElement>();
  useEffect(() => {
    // A first screenful is read and drawn before the rest of a long transcript is read.
    let current = true;
    const { store, sessionId } = props;
    void store.getTranscript(sessionId, FIRST_BATCH).then(async (head) => {
      if (!current) return;
      setSaved(head);
      // Whoever opened it is taken to what they opened: its title, or the sentence that it is gone.
      focusAfterRender('heading');
      if (head?.segments.length !== FIRST_BATCH) return;
      const whole = await store.getTranscript(sessionId);
      if (current) setSaved(whole);
    });
    return () => {
      current = false;
    };
  }, [props.sessionId]);

  // The transcript is drawn without waiting for recovery (it asks the background, which may
  // have to wake up); once that is done, this session's status may have changed.
  useEffect(() => {
    if (!props.recovered) return;
    void props.store.getSession(props.sessionId).then((session) => {
      if (session) setSaved((shown) => (shown ? { ...shown, session } : shown));
    });
  }, [props.recovered]);

  useEffect(
    () => (copied ? props.schedule(() => setCopied(false), COPIED_MS) : undefined),
    [copied],
  );

  if (saved === undefined) return null;
  if (saved === null) {
    return (
      <main class={styles.detail} ref={root}>
        <Button variant="quiet" onClick={props.onBack}>
          ← All transcripts
        </Button>
        <p class={styles.empty} tabIndex={-1} data-focus-key="heading">
          This transcript is not here any more.
        </p>
      </main>
    );
  }
  const { session, segments } = saved;
  const annotations = annotationsOf(session);
  /**
   * Saves a note or a name: through the recording's owner while this session is being recorded
   * (so its live views show it too), else in the store. What was kept is drawn (the recorder may
   * have added a moment meanwhile).
   */
  const annotate = (live: LiveAnnotation, change: (known: Annotations) => Annotations) =>
    attempt('annotation_failed', async () => {
      const kept =
        (await props.annotateLive(session.id, live)) ??
        (await props.store.annotate(session.id, change));
      if (!kept) return;
      const { moments, speakerNames } = kept;
      setSaved((shown) =>
        shown
          ? { ...shown, session: { ...shown.session, moments: [...moments], speakerNames } }
          : shown,
      );
    });
  // Exports read the transcript again: a live session has grown since it was drawn, and a long
  // one may not be all read yet.
  const latest = async () => (await props.store.getTranscript(session.id)) ?? saved;
  /** Runs an export or a copy; a failure is said, not lost in the console. */
  const attempt = (failed: ErrorCode, run: () => Promise<void>) => {
    setFailure(null);
    run().catch((error: unknown) => {
      console.error(error);
      setFailure(failed);
    });
  };
  const exportAs = async (format: ExportFormat) => {
    const mime = EXPORT_FORMATS.find((entry) => entry.format === format)?.mime ?? 'text/plain';
    const transcript = await latest();
    props.download(exportFileName(transcript, format), mime, exportTranscript(transcript, format));
  };

  return (
    <main class={styles.detail} ref={root}>
      <Button variant="quiet" onClick={props.onBack}>
        ← All transcripts
      </Button>
      {renaming ? (
        <HistoryTitleEditor
          title={session.title}
          onSave={async (title) => {
            await props.store.rename(session.id, title);
            setSaved({ ...saved, session: { ...session, title } });
            setRenaming(false);
            focusAfterRender('heading');
            props.onRenamed();
          }}
          onCancel={() => {
            setRenaming(false);
            focusAfterRender('rename');
          }}
        />
      ) : (
        <div class={styles.titleRow}>
          <h2 class={styles.heading} tabIndex={-1} data-focus-key="heading">
            {session.title}
          </h2>
          <span data-focus-key="rename">
            <Button variant="quiet" onClick={() => setRenaming(true)}>
              Rename
            </Button>
          </span>
        </div>
      )}
      <p class={styles.meta}>
        {historySummary(session, 'full')}
        {session.status === 'interrupted' && <span class={styles.interrupted}>Interrupted</span>}
        {session.url && (
          <>
            {' '}
            · <a href={session.url}>{new URL(session.url).host}</a>
          </>
        )}
      </p>
      <fieldset class={styles.actions}>
        <legend class={styles.legend}>Export or copy</legend>
        {EXPORT_FORMATS.map(({ format, label }) => (
          <Button
            key={format}
            variant="secondary"
            onClick={() => attempt('history_export_failed', () => exportAs(format))}
          >
            {label}
          </Button>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            attempt('history_copy_failed', async () => {
              await props.copy(exportTranscript(await latest(), 'txt'));
              setCopied(true);
            })
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </fieldset>
      {failure && <Notice tone="error">{sentenceFor(failure)}</Notice>}
      <Button variant="quiet" onClick={props.onDelete}>
        Delete transcript
      </Button>
      <SpeakerNames
        segments={segments}
        names={annotations.speakerNames}
        onRename={(speaker, name) =>
          annotate({ speaker, name }, (known) => withSpeakerName(known, speaker, name))
        }
      />
      <MomentList
        moments={annotations.moments}
        onNote={(id, note) => annotate({ id, note }, (known) => withNote(known, id, note))}
      />
      <HistorySegments
        segments={segments}
        shown={shown}
        annotations={annotations}
        query={props.query}
        onSeek={(seconds) => {
          // A page closed since is an answer, not an error: the user is told, nothing logged.
          setFailure(null);
          void props.seekMedia(session, seconds).then(
            (outcome) => outcome === 'unavailable' && setFailure('media_unavailable'),
            () => setFailure('media_unavailable'),
          );
        }}
      />
    </main>
  );
}
