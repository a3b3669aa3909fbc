import { useCallback, useEffect, useState } from 'preact/hooks';
import { type ErrorInfo, toErrorInfo } from '../utils/errors';
import type { ExtensionStatus } from '../utils/messaging/protocol';
import type { ExportFormat } from '../utils/saved/export/transcript-formats';
import type { TranscriptionSettings } from '../utils/settings/transcription-settings';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import { Notice } from './Notice';
import styles from './PopupApp.module.css';
import { ShortcutHint } from './ShortcutHint';
import { TranscriptionPanel } from './TranscriptionPanel';
import { useExtensionStatus } from './useExtensionStatus';
import { type RecordingSource, useRecording } from './useRecording';

interface PopupAppProps {
  /** The background's status, with the refusal of a start on this tab if there was one. */
  loadStatus: (tabId: number | null) => Promise<ExtensionStatus>;
  /** Opens the options page, where signing in and account settings live. */
  openSettings: () => void;
  /** Opens the history page, at one recording's transcript when given. */
  openHistory: (recordingId?: string) => void;
  copy: (text: string) => Promise<void>;
  exportAs: (recordingId: string, format: ExportFormat) => Promise<void>;
  openShortcutSettings: () => void;
  /** Has a transcription token ready before the user asks for one. */
  warmToken: () => void;
  /** The recording as its owner publishes it. */
  recording: RecordingSource;
  startRecording: (tabId: number) => Promise<unknown>;
  stopRecording: () => Promise<unknown>;
  /** The title a saved transcript was given (its tab's), or null when there is none yet. */
  transcriptTitle: (recordingId: string) => Promise<string | null>;
  /** The tab the popup acts on. */
  currentTabId: () => Promise<number | null>;
  /** The saved transcription settings (the popup reads whether to show interim words). */
  loadSettings: () => Promise<TranscriptionSettings>;
  now: () => number;
}

export function PopupApp({
  loadStatus,
  openSettings,
  openShortcutSettings,
  warmToken,
  openHistory,
  copy,
  exportAs,
  recording: source,
  startRecording,
  stopRecording,
  currentTabId,
  transcriptTitle,
  loadSettings,
  now,
}: PopupAppProps) {
  const [showInterim, setShowInterim] = useState(true);
  useEffect(() => {
    void loadSettings().then((settings) => setShowInterim(settings.showInterim));
  }, []);
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    void currentTabId().then(setTabId);
  }, [currentTabId]);
  const loadTabStatus = useCallback(() => loadStatus(tabId ?? null), [tabId]);
  const status = useExtensionStatus(tabId === undefined ? null : loadTabStatus);
  const account = status.kind === 'ready' ? status.status.account : null;
  const recording = useRecording(source, now);
  useEffect(() => {
    if (account?.signedIn) warmToken();
  }, [account?.signedIn]);
  // A refusal is known from the status when the popup opens, then from this popup's own Start.
  const [refusal, setRefusal] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    if (status.kind === 'ready') setRefusal(status.status.refusal);
  }, [status]);
  const [pending, setPending] = useState(false);
  const act = (operation: () => Promise<unknown>) => {
    setPending(true);
    setRefusal(null);
    operation()
      .catch((error: unknown) => setRefusal(toErrorInfo(error)))
      .finally(() => setPending(false));
  };
  const [runningTabTitle, setRunningTabTitle] = useState<string | null>(null);
  const recordingId = recording.state.phase === 'idle' ? null : recording.state.recordingId;
  useEffect(() => {
    setRunningTabTitle(null);
    if (recordingId === null) return;
    let current = true;
    void transcriptTitle(recordingId).then((title) => current && setRunningTabTitle(title));
    return () => {
      current = false;
    };
  }, [recordingId]);

  return (
    <div class={styles.popup}>
      <BrandHeader>
        {account?.signedIn && (
          <>
            <Button variant="quiet" onClick={() => openHistory()}>
              History
            </Button>
            <Button variant="quiet" onClick={openSettings}>
              Settings
            </Button>
          </>
        )}
      </BrandHeader>
      {account?.signedIn ? (
        recording.known &&
        tabId !== undefined && (
          <TranscriptionPanel
            recording={recording}
            tabId={tabId}
            email={account.email}
            refusal={refusal}
            pending={pending}
            onStart={(id) => act(() => startRecording(id))}
            onStop={() => act(stopRecording)}
            onSignIn={openSettings}
            onOpenSettings={openSettings}
            onOpenHistory={openHistory}
            copy={copy}
            exportAs={exportAs}
            runningTabTitle={runningTabTitle}
            showInterim={showInterim}
            now={now}
          />
        )
      ) : account ? (
        <main class={styles.main}>
          <h2 class={styles.heading}>Live transcripts of any tab</h2>
          <p class={styles.lede}>
            Sign in to see the words of meetings, lectures and videos appear as they are spoken.
          </p>
          <Button fullWidth onClick={openSettings}>
            Sign in
          </Button>
        </main>
      ) : status.kind === 'failed' ? (
        <Notice tone="error">{status.sentence}</Notice>
      ) : null}
      <footer class={styles.footer}>
        <ShortcutHint
          status={status}
          description="to start or stop"
          onChangeShortcut={openShortcutSettings}
        />
      </footer>
    </div>
  );
}
