import { type SeekMediaDeps, type SeekOutcome, seekMedia } from '../media/seek-media';
import type { Messenger } from '../messaging/client';
import { openAccountTranscripts } from './account-transcripts';
import { downloadText } from './export/download-text';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportFileName,
  exportTranscript,
} from './export/transcript-formats';

/**
 * The signed-in account's saved transcripts, as the extension's pages reach them (they share
 * its IndexedDB): a title for "Stop transcription of …", and an export downloaded as a file.
 * Signed out, there are none.
 */
export function signedInTranscripts(request: Messenger) {
  const open = async () => {
    const account = await request('account.get', {});
    return account.signedIn ? openAccountTranscripts(account.userId) : null;
  };
  return {
    open,
    title: async (recordingId: string) =>
      (await (await open())?.getSession(recordingId))?.title ?? null,
    async download(recordingId: string, format: ExportFormat) {
      const saved = await (await open())?.getTranscript(recordingId);
      if (!saved) return;
      const mime = EXPORT_FORMATS.find((entry) => entry.format === format)?.mime ?? 'text/plain';
      downloadText(exportFileName(saved, format), mime, exportTranscript(saved, format));
    },
    /** Plays a recording's media from a time, in the tab it was recorded in if it can. */
    async seek(recordingId: string, seconds: number, tabs: SeekMediaDeps): Promise<SeekOutcome> {
      const session = await (await open())?.getSession(recordingId);
      return session ? seekMedia(session, seconds, tabs) : 'unavailable';
    },
  };
}
