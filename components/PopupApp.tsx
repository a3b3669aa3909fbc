import { useEffect, useState } from 'preact/hooks';
import type { CaptionsClient } from '../utils/captions/captions-client';
import type { ExportFormat } from '../utils/saved/export/export-formats';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import { CaptionsControl } from './CaptionsControl';
import { Notice } from './Notice';
import styles from './PopupApp.module.css';
import { ShortcutHint } from './ShortcutHint';
import { TranscriptionPanel } from './TranscriptionPanel';
import { type RecordingViewClient, useRecordingView } from './useRecordingView';

interface PopupAppProps extends RecordingViewClient {
  /** Opens the options page, where signing in and account settings live. */
  openSettings: () => void;
  /** Opens the history page, at one recording's transcript when given. */
  openHistory: (recordingId?: string) => void;
  /** Opens the side panel in this window (and closes the popup). */
  openSidePanel: () => void;
  copy: (text: string) => Promise<void>;
  exportAs: (recordingId: string, format: ExportFormat) => Promise<void>;
  openShortcutSettings: () => void;
  /** The tab the popup acts on. */
  currentTabId: () => Promise<number | null>;
  /** The saved setting, whether to show words still being heard: now and at each change. */
  watchShowInterim: (onValue: (show: boolean) => void) => () => void;
  captions: CaptionsClient;
}

export function PopupApp(props: PopupAppProps) {
  const { openSettings, openShortcutSettings, openHistory, copy, exportAs } = props;
  const { currentTabId, watchShowInterim } = props;
  const [showInterim, setShowInterim] = useState(true);
  useEffect(() => watchShowInterim(setShowInterim), []);
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    void currentTabId().then(setTabId);
  }, [currentTabId]);
  const view = useRecordingView(props, tabId);
  const { status, account, recording } = view;

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
            {...view.controls}
            tabId={tabId}
            email={account.email}
            onSignIn={openSettings}
            onOpenSettings={openSettings}
            onOpenHistory={openHistory}
            copy={copy}
            exportAs={exportAs}
            showInterim={showInterim}
            onNote={view.onNote}
            onSeek={view.onSeek}
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
        {account?.signedIn && (
          // The views that stay, where the popup closes at the first click: the side panel
          // beside the tab and the captions over it (their size is set in the side panel).
          <div class={styles.views}>
            <Button variant="link" onClick={props.openSidePanel}>
              Open side panel
            </Button>
            <CaptionsControl client={props.captions} withSize={false} />
          </div>
        )}
        <ShortcutHint
          status={status}
          description="to start or stop"
          onChangeShortcut={openShortcutSettings}
        />
      </footer>
    </div>
  );
}
