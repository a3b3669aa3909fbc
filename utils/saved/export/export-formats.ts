// The list a view offers under Export, apart from the formats' code (transcript-formats.ts): the
// popup and the side panel show the list with every transcript, and load the code only when the
// user picks a format.

/** The formats a transcript exports to, each correct for its own readers. */
export type ExportFormat = 'txt' | 'md' | 'srt' | 'vtt' | 'json';

export const EXPORT_FORMATS: { format: ExportFormat; label: string; mime: string }[] = [
  { format: 'txt', label: 'Plain text', mime: 'text/plain' },
  { format: 'md', label: 'Markdown', mime: 'text/markdown' },
  { format: 'srt', label: 'SubRip (.srt)', mime: 'application/x-subrip' },
  { format: 'vtt', label: 'WebVTT (.vtt)', mime: 'text/vtt' },
  { format: 'json', label: 'JSON', mime: 'application/json' },
];
