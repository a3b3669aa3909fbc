import { useEffect, useState } from 'preact/hooks';
import type { CaptionsClient } from '../utils/captions/captions-client';
import type { ExportFormat } from '../utils/saved/export/export-formats';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import { CaptionsControl } from './CaptionsControl';
import { copyAsPlainText } from './copyAsPlainText';
import { LiveTranscript } from './LiveTranscript';
import { MomentList } from './MomentList';
import { Notice } from './Notice';
import { RecordingControls } from './RecordingControls';
import styles from './SidePanelApp.module.css';
import { SpeakerNames } from './SpeakerNames';
import { TranscriptActions } from './TranscriptActions';
import { type RecordingViewClient, useRecordingView } from './useRecordingView';

export interface RecentTranscript {
  id: string;
  title: string;
  startedAt: number;
}

interface SidePanelAppProps extends RecordingViewClient {
  /** Calls back with the tab in front of this window, now and at every change; unsubscribes. */
  watchActiveTab: (onTab: (tabId: number | null) => void) => () => void;
  /** The account's latest saved transcripts, newest first. */
  recentTranscripts: () => Promise<RecentTranscript[]>;
  openHistory: (recordingId?: string) => void;
  openSettings: () => void;
  copy: (text: string) => Promise<void>;
  exportAs: (recordingId: string, format: ExportFormat) => Promise<void>;
  captions: CaptionsClient;
  /** The saved setting, whether to show words still being heard: now and at each change. */
  watchShowInterim: (onValue: (show: boolean) => void) => () => void;
}

/**
 * The view that stays beside the tab: Start and Stop for the tab in front, and the recording's
 * words as paragraphs whichever tab is in front, searchable. With nothing recorded yet, the last
 * few saved transcripts.
 */
export function SidePanelApp(props: SidePanelAppProps) {
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  useEffect(() => props.watchActiveTab(setTabId), []);
  const [showInterim, setShowInterim] = useState(true);
  useEffect(() => props.watchShowInterim(setShowInterim), []);
  const view = useRecordingView(props, tabId);
  const { status, account, recording } = view;
  const [query, setQuery] = useState('');
  const [recent, setRecent] = useState<RecentTranscript[]>([]);
  const { transcript } = recording;
  const hasWords = transcript.recordingId !== null && transcript.segments.length > 0;
  const live = recording.state.phase === 'live';
  useEffect(() => {
    if (account?.signedIn && !live) void props.recentTranscripts().then(setRecent);
  }, [account?.signedIn, live]);

  return (
    <div class={styles.page}>
      <BrandHeader>
        {account?.signedIn && (
          <Button variant="quiet" onClick={() => props.openHistory()}>
            History
          </Button>
        )}
      </BrandHeader>
      {account?.signedIn ? (
        recording.known &&
        tabId !== undefined && (
          <main class={styles.main}>
            <section class={styles.controls}>
              <RecordingControls
                {...view.controls}
                tabId={tabId}
                email={account.email}
                onSignIn={props.openSettings}
                onOpenSettings={props.openSettings}
              />
              <CaptionsControl client={props.captions} />
            </section>
            {(live || hasWords) && (
              <>
                <label class={styles.search}>
                  <span class="visually-hidden">Search this transcript</span>
                  <input
                    type="search"
                    placeholder="Search this transcript"
                    value={query}
                    onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
                  />
                </label>
                <LiveTranscript
                  segments={transcript.segments}
                  interim={showInterim ? transcript.interim : null}
                  annotations={transcript.annotations}
                  unread={transcript.unread}
                  onSeek={view.onSeek}
                  query={query}
                  placeholder="Listening… words appear here as they are spoken."
                />
              </>
            )}
            {transcript.recordingId !== null && (
              <MomentList moments={transcript.annotations.moments} onNote={view.onNote} />
            )}
            {hasWords && (
              <SpeakerNames
                segments={transcript.segments}
                names={transcript.annotations.speakerNames}
                onRename={view.onRename}
              />
            )}
            {hasWords && transcript.recordingId !== null && (
              <TranscriptActions
                recordingId={transcript.recordingId}
                copy={() =>
                  copyAsPlainText(props.copy, transcript.segments, transcript.annotations)
                }
                exportAs={props.exportAs}
                onOpenHistory={recording.state.phase === 'ended' ? props.openHistory : undefined}
              />
            )}
            {!live && !hasWords && <RecentList recent={recent} openHistory={props.openHistory} />}
          </main>
        )
      ) : account ? (
        <main class={styles.main}>
          <p>Sign in to see the words of the tab you transcribe here, as they are spoken.</p>
          <Button fullWidth onClick={props.openSettings}>
            Sign in
          </Button>
        </main>
      ) : status.kind === 'failed' ? (
        <Notice tone="error">{status.sentence}</Notice>
      ) : null}
    </div>
  );
}

function RecentList({
  recent,
  openHistory,
}: {
  recent: RecentTranscript[];
  openHistory: (recordingId?: string) => void;
}) {
  if (recent.length === 0) return <p class={styles.note}>Your transcripts will be listed here.</p>;
  return (
    <nav aria-label="Recent transcripts" class={styles.recent}>
      <h2 class={styles.recentHeading}>Recent transcripts</h2>
      <ul>
        {recent.map((saved) => (
          <li key={saved.id}>
            <Button variant="link" onClick={() => openHistory(saved.id)}>
              {saved.title}
            </Button>
            <span class={styles.when}>{new Date(saved.startedAt).toLocaleString()}</span>
          </li>
        ))}
      </ul>
      <Button variant="quiet" onClick={() => openHistory()}>
        All transcripts
      </Button>
    </nav>
  );
}
