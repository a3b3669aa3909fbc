import { useEffect, useState } from 'preact/hooks';
import type { ExportFormat } from '../utils/export/transcript-formats';
import type { ExtensionStatus } from '../utils/messaging/protocol';
import type { TranscriptionSettings } from '../utils/settings/transcription-settings';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import { Notice } from './Notice';
import styles from './PopupApp.module.css';
import { ShortcutHint } from './ShortcutHint';
import { TranscriptionPanel } from './TranscriptionPanel';
import { useExtensionStatus } from './useExtensionStatus';
import { type SessionClient, useSession } from './useSession';
import type { TranscriptClient } from './useTranscript';

interface PopupAppProps {
  loadStatus: () => Promise<ExtensionStatus>;
  /** Opens the options page, where signing in and account settings live. */
  openSettings: () => void;
  /** Opens the history page, at one session when given. */
  openHistory: (sessionId?: string) => void;
  copy: (text: string) => Promise<void>;
  exportAs: (sessionId: string, format: ExportFormat) => Promise<void>;
  openShortcutSettings: () => void;
  /** Has a transcription token ready before the user asks for one. */
  warmToken: () => void;
  session: SessionClient;
  transcript: TranscriptClient;
  /** The title a saved transcript was given (its tab's), or null when there is none yet. */
  sessionTitle: (sessionId: string) => Promise<string | null>;
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
  session: sessionClient,
  transcript,
  currentTabId,
  sessionTitle,
  loadSettings,
  now,
}: PopupAppProps) {
  const [showInterim, setShowInterim] = useState(true);
  useEffect(() => {
    void loadSettings().then((settings) => setShowInterim(settings.showInterim));
  }, []);
  const status = useExtensionStatus(loadStatus);
  const account = status.kind === 'ready' ? status.status.account : null;
  const session = useSession(sessionClient);
  const [tabId, setTabId] = useState<number | null>(null);
  useEffect(() => {
    if (account?.signedIn) warmToken();
  }, [account?.signedIn]);
  useEffect(() => {
    void currentTabId().then(setTabId);
  }, [currentTabId]);
  const [runningTabTitle, setRunningTabTitle] = useState<string | null>(null);
  const sessionId = session?.sessionId ?? null;
  useEffect(() => {
    setRunningTabTitle(null);
    if (sessionId === null) return;
    let current = true;
    void sessionTitle(sessionId).then((title) => current && setRunningTabTitle(title));
    return () => {
      current = false;
    };
  }, [sessionId]);

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
        session && (
          <TranscriptionPanel
            session={session}
            tabId={tabId}
            email={account.email}
            transcript={transcript}
            onStart={(id) => void sessionClient.start(id).catch(() => undefined)}
            onStop={() => void sessionClient.stop().catch(() => undefined)}
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
