import type { SeekMediaDeps, SeekOutcome } from '../media/seek-media';
import type { Messenger } from '../messaging/client';
import { openAccountTranscriptReader } from './account-transcripts';
import type { ExportFormat } from './export/export-formats';

/**
 * The signed-in account's saved transcripts, as the extension's pages reach them (they share
 * its IndexedDB): a title for "Stop transcription of …", and an export downloaded as a file.
 * Signed out, there are none.
 *
 * An export and a seek happen only when the user asks for one, so their code (the formats, the
 * page's media clock) loads then, with `import()`, not with the popup or the side panel.
 */
export function signedInTranscripts(request: Messenger) {
  const open = async () => {
    const account = await request('account.get', {});
    return account.signedIn ? openAccountTranscriptReader(account.userId) : null;
  };
  return {
    open,
    title: async (recordingId: string) =>
      (await (await open())?.getSession(recordingId))?.title ?? null,
    async download(recordingId: string, format: ExportFormat) {
      const saved = await (await open())?.getTranscript(recordingId);
      if (!saved) return;
      const [{ EXPORT_FORMATS, exportFileName, exportTranscript }, { downloadText }] =
        await Promise.all([
          import('./export/transcript-formats'),
          import('./export/download-text'),
        ]);
      const mime = EXPORT_FORMATS.find((entry) => entry.format === format)?.mime ?? 'text/plain';
      downloadText(exportFileName(saved, format), mime, exportTranscript(saved, format));
    },
    /** Plays a recording's media from a time, in the tab it was recorded in if it can. */
    async seek(recordingId: string, seconds: number, tabs: SeekMediaDeps): Promise<SeekOutcome> {
      const session = await (await open())?.getSession(recordingId);
      if (!session) return 'unavailable';
      const { seekMedia } = await import('../media/seek-media');
      return seekMedia(session, seconds, tabs);
    },
  };
}
