import { useEffect, useState } from 'preact/hooks';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportFileName,
  exportTranscript,
} from '../utils/export/transcript-formats';
import type {
  SavedTranscript,
  SessionRecord,
  TranscriptStore,
} from '../utils/storage/transcript-store';
import { turnLabel } from '../utils/transcript/speaker-label';
import type { Segment } from '../utils/transcript/transcript-model';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import { Highlighted } from './Highlighted';
import styles from './HistoryApp.module.css';
import { formatElapsed } from './useNow';

interface HistoryAppProps {
  store: TranscriptStore;
  /** The session being captured right now, if any: it is live, not interrupted. */
  runningSessionId: () => Promise<string | null>;
  download(fileName: string, mime: string, text: string): void;
  copy(text: string): Promise<void>;
  /** The session to open first (from the address's #fragment). */
  initialSessionId: string | null;
  onOpen(sessionId: string | null): void;
}

const wordCount = (count: number) => `${count} ${count === 1 ? 'word' : 'words'}`;

/** "Nov 28, 2026, 3:03 PM · 1:02:30 · 412 words": when, how long, how much. */
const summary = (session: SessionRecord, dateStyle: 'medium' | 'full') =>
  `${new Date(session.startedAt).toLocaleString(undefined, { dateStyle, timeStyle: 'short' })} · ${formatElapsed(session.durationMs)} · ${wordCount(session.wordCount)}`;

type Listing = { session: SessionRecord; matches: Segment[] }[];

/** Saved transcripts: newest first, searchable, each one readable, renamable, exportable, deletable. */
export function HistoryApp(props: HistoryAppProps) {
  const { store } = props;
  const [listing, setListing] = useState<Listing | null>(null);
  const [query, setQuery] = useState('');
  const [openId, setOpenId] = useState<string | null>(props.initialSessionId);
  const [deleted, setDeleted] = useState<SavedTranscript | null>(null);
  const [confirmingDeleteAll, setConfirmingDeleteAll] = useState(false);
  const [version, setVersion] = useState(0);
  const refresh = () => setVersion((value) => value + 1);

  // Sessions cut off by a crash are marked interrupted before anything is listed, so no row
  // shows "Live" for a capture that is not running.
  const [recovered, setRecovered] = useState(false);
  useEffect(() => {
    void props
      .runningSessionId()
      .then((running) => store.recoverInterrupted(running))
      .catch(() => undefined)
      .finally(() => setRecovered(true));
  }, []);

  useEffect(() => {
    if (!recovered) return;
    let current = true;
    const load = query.trim()
      ? store.search(query)
      : store
          .listSessions()
          .then((sessions) => sessions.map((session) => ({ session, matches: [] })));
    void load.then((result) => current && setListing(result));
    return () => {
      current = false;
    };
  }, [query, version, recovered]);

  const open = (sessionId: string | null) => {
    setOpenId(sessionId);
    props.onOpen(sessionId);
  };

  const remove = async (sessionId: string) => {
    setDeleted(await store.deleteSession(sessionId));
    open(null);
    refresh();
  };

  if (openId) {
    return (
      <div class={styles.page}>
        <BrandHeader subtitle="History" />
        <TranscriptView
          key={openId}
          sessionId={openId}
          recovered={recovered}
          query={query}
          {...props}
          onBack={() => open(null)}
          onDelete={() => void remove(openId)}
          onRenamed={refresh}
        />
      </div>
    );
  }

  return (
    <div class={styles.page}>
      <BrandHeader subtitle="History" />
      <div class={styles.toolbar}>
        <label class={styles.search}>
          <span class={styles.label}>Search transcripts</span>
          <input
            type="search"
            value={query}
            placeholder="Words, names, titles…"
            onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      {deleted && (
        <div class={styles.toast} role="status">
          Deleted “{deleted.session.title}”.
          <Button
            variant="quiet"
            onClick={() => {
              void store.restore(deleted).then(refresh);
              setDeleted(null);
            }}
          >
            Undo
          </Button>
        </div>
      )}
      {listing === null ? null : listing.length === 0 ? (
        <p class={styles.empty}>
          {query.trim()
            ? `Nothing matches “${query.trim()}”.`
            : 'No transcripts yet. Start Tabscribe on a tab, and its transcript is saved here as it grows.'}
        </p>
      ) : (
        <ul class={styles.list}>
          {listing.map(({ session, matches }) => (
            <li key={session.id} class={styles.item}>
              <button type="button" class={styles.open} onClick={() => open(session.id)}>
                <span class={styles.title}>
                  <Highlighted text={session.title} query={query} />
                </span>
                <span class={styles.meta}>
                  {summary(session, 'medium')}
                  {session.status !== 'complete' && (
                    <span class={styles[session.status]}>
                      {session.status === 'live' ? 'Live' : 'Interrupted'}
                    </span>
                  )}
                </span>
              </button>
              {matches.slice(0, 3).map((segment) => (
                <p key={segment.index} class={styles.match}>
                  <Highlighted text={segment.text} query={query} />
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
      {listing && listing.length > 0 && !query.trim() && (
        <div class={styles.danger}>
          {confirmingDeleteAll ? (
            <>
              <span>Delete every transcript? This cannot be undone.</span>
              <Button
                variant="secondary"
                onClick={() => {
                  setConfirmingDeleteAll(false);
                  void store.deleteAll().then(refresh);
                }}
              >
                Delete all
              </Button>
              <Button variant="quiet" onClick={() => setConfirmingDeleteAll(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="quiet" onClick={() => setConfirmingDeleteAll(true)}>
              Delete all transcripts…
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

/** Segments drawn in the first frame; the rest follow in batches, so a 3-hour transcript opens at once. */
const FIRST_BATCH = 60;
const LATER_BATCH = 600;

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

interface TranscriptViewProps extends HistoryAppProps {
  sessionId: string;
  /** Cut-off sessions have been marked interrupted: this one's status is read again then. */
  recovered: boolean;
  query: string;
  onBack(): void;
  onDelete(): void;
  onRenamed(): void;
}

function TranscriptView(props: TranscriptViewProps) {
  const [saved, setSaved] = useState<SavedTranscript | null | undefined>(undefined);
  const shown = useProgressiveCount(saved ? saved.segments.length : 0);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    // A first screenful is read and drawn before the rest of a long transcript is read.
    let current = true;
    const { store, sessionId } = props;
    void store.getTranscript(sessionId, FIRST_BATCH).then(async (head) => {
      if (!current) return;
      setSaved(head);
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

  if (saved === undefined) return null;
  if (saved === null) {
    return (
      <main class={styles.detail}>
        <Button variant="quiet" onClick={props.onBack}>
          ← All transcripts
        </Button>
        <p class={styles.empty}>This transcript is not here any more.</p>
      </main>
    );
  }
  const { session, segments } = saved;
  // Exports read the transcript again: a live session has grown since it was drawn, and a long
  // one may not be all read yet.
  const latest = async () => (await props.store.getTranscript(session.id)) ?? saved;
  const exportAs = async (format: ExportFormat) => {
    const mime = EXPORT_FORMATS.find((entry) => entry.format === format)?.mime ?? 'text/plain';
    const transcript = await latest();
    props.download(exportFileName(transcript, format), mime, exportTranscript(transcript, format));
  };

  return (
    <main class={styles.detail}>
      <Button variant="quiet" onClick={props.onBack}>
        ← All transcripts
      </Button>
      {renaming === null ? (
        <div class={styles.titleRow}>
          <h2 class={styles.heading}>{session.title}</h2>
          <Button variant="quiet" onClick={() => setRenaming(session.title)}>
            Rename
          </Button>
        </div>
      ) : (
        <form
          class={styles.titleRow}
          onSubmit={(event) => {
            event.preventDefault();
            const title = renaming.trim() || session.title;
            void props.store.rename(session.id, title).then(() => {
              setSaved({ ...saved, session: { ...session, title } });
              setRenaming(null);
              props.onRenamed();
            });
          }}
        >
          <label class={styles.search}>
            <span class={styles.label}>Title</span>
            <input
              value={renaming}
              onInput={(event) => setRenaming((event.target as HTMLInputElement).value)}
            />
          </label>
          <Button type="submit">Save</Button>
        </form>
      )}
      <p class={styles.meta}>
        {summary(session, 'full')}
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
          <Button key={format} variant="secondary" onClick={() => void exportAs(format)}>
            {label}
          </Button>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            void latest()
              .then((transcript) => props.copy(exportTranscript(transcript, 'txt')))
              .then(() => setCopied(true))
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </fieldset>
      <Button variant="quiet" onClick={props.onDelete}>
        Delete transcript
      </Button>
      <ol class={styles.segments}>
        {segments.slice(0, shown).map((segment, index) => {
          const who = turnLabel(segments, index);
          return (
            <li key={segment.index} class={styles.segment}>
              <span class={styles.time}>{formatElapsed(segment.start * 1000)}</span>
              {/* Element Timing: when the transcript's first words are on screen (the benchmark). */}
              <p {...(index === 0 ? { elementtiming: 'transcript-start' } : {})}>
                {who && <strong class={styles.speaker}>{who}: </strong>}
                <Highlighted text={segment.text} query={props.query} />
              </p>
            </li>
          );
        })}
      </ol>
    </main>
  );
}
