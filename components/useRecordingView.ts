import { useCallback, useEffect, useState } from 'preact/hooks';
import { type ErrorCode, type ErrorInfo, toErrorInfo } from '../utils/errors';
import type { SeekOutcome } from '../utils/media/seek-media';
import type { ExtensionStatus } from '../utils/messaging/protocol';
import { type StatusState, useExtensionStatus } from './useExtensionStatus';
import { type RecordingSource, useRecording } from './useRecording';

/** What a view (popup, side panel) needs to be given to show and drive the recording. */
export interface RecordingViewClient {
  /** The background's status, with the refusal of a start on this tab if there was one. */
  loadStatus: (tabId: number | null) => Promise<ExtensionStatus>;
  /** The recording as its owner publishes it. */
  recording: RecordingSource;
  startRecording: (tabId: number) => Promise<unknown>;
  stopRecording: () => Promise<unknown>;
  /** Asks the recording's owner to mark a moment now, note one, or name a speaker. */
  markMoment: () => Promise<unknown>;
  noteMoment: (id: string, note: string) => Promise<unknown>;
  renameSpeaker: (speaker: string, name: string) => Promise<unknown>;
  /** Plays the recorded tab's media from a time (seconds), in that tab if it still shows it. */
  seekMedia: (recordingId: string, seconds: number) => Promise<SeekOutcome>;
  /** The title a saved transcript was given (its tab's), or null when there is none yet. */
  transcriptTitle: (recordingId: string) => Promise<string | null>;
  /** Has a transcription token ready before the user asks for one. */
  warmToken: () => void;
  now: () => number;
}

/**
 * The state every view of the recording shares, for the tab it acts on (undefined while that is
 * not known yet): the account, the recording, a refused start, a Start or Stop under way, and the
 * recorded tab's title for "Stop transcription of …".
 */
export function useRecordingView(client: RecordingViewClient, tabId: number | null | undefined) {
  const { loadStatus, transcriptTitle, warmToken } = client;
  const loadTabStatus = useCallback(() => loadStatus(tabId ?? null), [tabId]);
  const status: StatusState = useExtensionStatus(tabId === undefined ? null : loadTabStatus);
  const account = status.kind === 'ready' ? status.status.account : null;
  const recording = useRecording(client.recording, client.now);
  useEffect(() => {
    if (account?.signedIn) warmToken();
  }, [account?.signedIn]);
  // A refusal is known from the status when the view opens, then from this view's own Start.
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
  // The owner shows a moment or a name to every view once it has it; only a failure is this view's.
  const [failure, setFailure] = useState<ErrorCode | null>(null);
  const attempt = (failed: ErrorCode, operation: () => Promise<unknown>) => {
    setFailure(null);
    operation().catch((error: unknown) => {
      console.error(error);
      setFailure(failed);
    });
  };
  const annotate = (operation: () => Promise<unknown>) => attempt('annotation_failed', operation);
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

  return {
    status,
    account,
    recording,
    /** What `RecordingControls` takes from the view's state, spread into it. */
    controls: {
      recording,
      refusal,
      pending,
      runningTabTitle,
      failure,
      onStart: (id: number) => act(() => client.startRecording(id)),
      onStop: () => act(client.stopRecording),
      onMarkMoment: () => annotate(client.markMoment),
      now: client.now,
    },
    /** Notes for the recording's moments and names for its speakers, saved by its owner. */
    onNote: (id: string, note: string) => annotate(() => client.noteMoment(id, note)),
    onRename: (speaker: string, name: string) =>
      annotate(() => client.renameSpeaker(speaker, name)),
    onSeek: (seconds: number) => {
      if (recordingId === null) return;
      // A page closed since is an answer, not an error: the user is told, nothing logged.
      setFailure(null);
      void client.seekMedia(recordingId, seconds).then(
        (outcome) => outcome === 'unavailable' && setFailure('media_unavailable'),
        () => setFailure('media_unavailable'),
      );
    },
  };
}
