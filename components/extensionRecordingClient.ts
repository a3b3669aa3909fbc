import type { Messenger } from '../utils/messaging/client';
import { nativeBrowser } from '../utils/native-browser';
import { watchRecording } from '../utils/recording/recording-view';
import type { signedInTranscripts } from '../utils/saved/signed-in-transcripts';
import type { RecordingViewClient } from './useRecordingView';

/**
 * What every live view (the popup, the side panel) asks of the extension, wired to its messages
 * and its saved transcripts once, so the two views cannot drift apart.
 */
export function extensionRecordingClient(
  request: Messenger,
  saved: ReturnType<typeof signedInTranscripts>,
): RecordingViewClient {
  return {
    loadStatus: (tabId) => request('status.get', tabId === null ? {} : { tabId }),
    recording: (onInput) => watchRecording(nativeBrowser.runtime, onInput),
    startRecording: (tabId) => request('recording.start', { tabId }),
    stopRecording: () => request('recording.stop', {}),
    markMoment: () => request('recording.mark-moment', {}),
    noteMoment: (id, note) => request('recording.note-moment', { id, note }),
    renameSpeaker: (speaker, name) => request('recording.rename-speaker', { speaker, name }),
    seekMedia: (recordingId, seconds) =>
      saved.seek(recordingId, seconds, {
        sendToTab: (tabId, message) => nativeBrowser.tabs.sendMessage(tabId, message),
        openTab: (url) => nativeBrowser.tabs.create({ url }),
      }),
    transcriptTitle: saved.title,
    warmToken: () => void request('token.warm', {}).catch(() => undefined),
    now: Date.now,
  };
}
