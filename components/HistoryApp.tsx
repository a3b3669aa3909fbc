import { useEffect, useRef, useState } from 'preact/hooks';
import { sentenceFor } from '../utils/error-sentences';
import type { SeekOutcome } from '../utils/media/seek-media';
import type { SavedTranscript, TranscriptStore } from '../utils/saved/transcript-store';
import type { Annotations } from '../utils/transcript/annotations';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import styles from './HistoryApp.module.css';
import { EMPTY, HistoryList, type Listing, listingFor, rowKey } from './HistoryList';
import { HistoryTranscriptView } from './HistoryTranscriptView';
import { Notice } from './Notice';
import { type Schedule, scheduleTimeout } from './schedule';
import { useFocusRequest } from './useFocusRequest';
import { useStoreWrite } from './useStoreWrite';

interface HistoryAppProps {
  store: TranscriptStore;
  /** The session being captured right now, if any: it is live, not interrupted. */
  runningSessionId: () => Promise<string | null>;
  download(fileName: string, mime: string, text: string): void;
  copy(text: string): Promise<void>;
  /** The session to open first (from the address's #fragment). */
  initialSessionId: string | null;
  onOpen(sessionId: string | null): void;
  /** A note or a name for the session being recorded, through its owner (null: none running). */
  annotateLive(sessionId: string, change: LiveAnnotation): Promise<Annotations | null>;
  /** Plays a recorded page's media from a time (`seekMedia` over the browser's tabs). */
  seekMedia(session: SavedTranscript['session'], seconds: number): Promise<SeekOutcome>;
  /** The page's clock for notices that go away by themselves; timers unless a test drives it. */
  schedule?: Schedule;
}

/** A note for a moment, or a name for a speaker, as the recording's owner takes them. */
export type LiveAnnotation = { id: string; note: string } | { speaker: string; name: string };

/** How long a deleted transcript can be brought back with Undo. */
export const UNDO_WINDOW_MS = 10_000;

const SEARCH = 'search';
const DELETE_ALL = 'delete-all';
const CONFIRM_DELETE_ALL = 'confirm-delete-all';

/** Saved transcripts: newest first, searchable, each one readable, renamable, exportable, deletable. */
export function HistoryApp(props: HistoryAppProps) {
  const { store, schedule = scheduleTimeout } = props;
  const [listing, setListing] = useState<Listing | null>(null);
  const [query, setQuery] = useState('');
  const [openId, setOpenId] = useState<string | null>(props.initialSessionId);
  const [deleted, setDeleted] = useState<SavedTranscript | null>(null);
  // While focus is on the Undo notice it stays: it must not vanish from under the keyboard.
  const [undoHeld, setUndoHeld] = useState(false);
  const [confirmingDeleteAll, setConfirmingDeleteAll] = useState(false);
  const { root, focusAfterRender } = useFocusRequest<HTMLDivElement>();
  const latestLoad = useRef(0);

  /** Reads the rows for `forQuery` and draws them, unless a later read started meanwhile. */
  const showListing = async (forQuery: string) => {
    const load = ++latestLoad.current;
    const rows = await listingFor(store, forQuery);
    if (load === latestLoad.current) setListing(rows);
  };

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
    if (recovered) void showListing(query);
  }, [query, recovered]);

  useEffect(
    () => (deleted && !undoHeld ? schedule(() => setDeleted(null), UNDO_WINDOW_MS) : undefined),
    [deleted, undoHeld],
  );

  const open = (sessionId: string | null) => {
    setOpenId(sessionId);
    props.onOpen(sessionId);
  };

  const { failure, write } = useStoreWrite({
    refresh: () => showListing(query),
    focusAfterRender,
  });

  const remove = async (sessionId: string) => {
    let saved: SavedTranscript | null = null;
    await write(
      'history_delete_failed',
      async () => {
        saved = await store.deleteSession(sessionId);
      },
      (done) => {
        // Not deleted: the transcript stays open, as it is still saved.
        if (!done) return undefined;
        setDeleted(saved);
        open(null);
        return [SEARCH];
      },
    );
  };

  const undo = async (saved: SavedTranscript) => {
    setDeleted(null);
    setUndoHeld(false);
    await write(
      'history_restore_failed',
      () => store.restore(saved),
      (done) => {
        if (done) return [rowKey(saved.session.id), SEARCH];
        // Still deleted, so still offered: Undo can be tried again.
        setDeleted(saved);
        return undefined;
      },
    );
  };

  const deleteAll = async () => {
    setConfirmingDeleteAll(false);
    await write(
      'history_delete_all_failed',
      () => store.deleteAll(),
      (done) => {
        if (!done) return [DELETE_ALL];
        // What was deleted before is gone with everything else: nothing is left to undo.
        setDeleted(null);
        setUndoHeld(false);
        return [EMPTY, SEARCH];
      },
    );
  };

  return (
    <div class={styles.page} ref={root}>
      <BrandHeader subtitle="History" />
      {failure && <Notice tone="error">{sentenceFor(failure)}</Notice>}
      {/* In the page from the start, on both views, so what appears in it is announced. */}
      <div
        class={styles.toast}
        role="status"
        onFocusIn={() => setUndoHeld(true)}
        onFocusOut={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) {
            setUndoHeld(false);
          }
        }}
      >
        {deleted && (
          <>
            Deleted “{deleted.session.title}”.
            <Button variant="quiet" onClick={() => void undo(deleted)}>
              Undo
            </Button>
          </>
        )}
      </div>
      {openId ? (
        <HistoryTranscriptView
          key={openId}
          sessionId={openId}
          recovered={recovered}
          query={query}
          store={store}
          download={props.download}
          copy={props.copy}
          schedule={schedule}
          onBack={() => {
            open(null);
            focusAfterRender(rowKey(openId), SEARCH);
          }}
          onDelete={() => void remove(openId)}
          onRenamed={() => void showListing(query)}
          seekMedia={props.seekMedia}
          annotateLive={props.annotateLive}
        />
      ) : (
        <>
          <div class={styles.toolbar}>
            <label class={styles.search} data-focus-key={SEARCH}>
              <span class={styles.label}>Search transcripts</span>
              <input
                type="search"
                value={query}
                placeholder="Words, names, titles…"
                onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
              />
            </label>
          </div>
          <HistoryList listing={listing} query={query} onOpen={open} />
          {listing && listing.length > 0 && !query.trim() && (
            <div class={styles.danger} data-focus-key={DELETE_ALL}>
              {confirmingDeleteAll ? (
                <>
                  <span class={styles.question} tabIndex={-1} data-focus-key={CONFIRM_DELETE_ALL}>
                    Delete every transcript? This cannot be undone.
                  </span>
                  <Button variant="secondary" onClick={() => void deleteAll()}>
                    Delete all
                  </Button>
                  <Button
                    variant="quiet"
                    onClick={() => {
                      setConfirmingDeleteAll(false);
                      focusAfterRender(DELETE_ALL);
                    }}
                  >
                    Cancel
                  </Button>
                </>
              ) : (
                <Button
                  variant="quiet"
                  onClick={() => {
                    setConfirmingDeleteAll(true);
                    focusAfterRender(CONFIRM_DELETE_ALL);
                  }}
                >
                  Delete all transcripts…
                </Button>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
