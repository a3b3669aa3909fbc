import { speakerLabel, turnLabel } from '../../transcript/speaker-label.ts';
import type { Segment } from '../../transcript/transcript-model';
import type { SavedTranscript } from '../transcript-store';

/** The formats a transcript exports to, each correct for its own readers. */
export type ExportFormat = 'txt' | 'md' | 'srt' | 'vtt' | 'json';

export const EXPORT_FORMATS: { format: ExportFormat; label: string; mime: string }[] = [
  { format: 'txt', label: 'Plain text', mime: 'text/plain' },
  { format: 'md', label: 'Markdown', mime: 'text/markdown' },
  { format: 'srt', label: 'SubRip (.srt)', mime: 'application/x-subrip' },
  { format: 'vtt', label: 'WebVTT (.vtt)', mime: 'text/vtt' },
  { format: 'json', label: 'JSON', mime: 'application/json' },
];

export function exportTranscript(transcript: SavedTranscript, format: ExportFormat): string {
  const segments = transcript.segments.filter((segment) => segment.text.trim() !== '');
  switch (format) {
    case 'txt':
      return transcriptAsPlainText(segments);
    case 'md':
      return toMarkdown(transcript, segments);
    case 'srt':
      return toSrt(segments);
    case 'vtt':
      return toVtt(segments);
    case 'json':
      return toJson(transcript, segments);
  }
}

/**
 * A line per segment; a speaker's name where the speaker changes. Also what Copy puts on the
 * clipboard, from the popup as from the history page.
 */
export function transcriptAsPlainText(segments: Segment[]): string {
  const spoken = segments.filter((segment) => segment.text.trim() !== '');
  return spoken
    .map((segment, index) => {
      const who = turnLabel(spoken, index);
      return who ? `${who}: ${oneLine(segment.text)}` : oneLine(segment.text);
    })
    .map((line) => `${line}\n`)
    .join('');
}

function toMarkdown({ session }: SavedTranscript, segments: Segment[]): string {
  const header = [
    `# ${escapeMarkdown(oneLine(session.title))}`,
    '',
    `${new Date(session.startedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC · ${clock(session.durationMs / 1000)}${session.url ? ` · ${markdownAddress(session.url)}` : ''}`,
    '',
  ];
  const body = segments.map((segment, index) => {
    const label = turnLabel(segments, index);
    const who = label ? `**${label}:** ` : '';
    return `\`${clock(segment.start)}\` ${who}${escapeMarkdown(oneLine(segment.text))}\n`;
  });
  return `${header.join('\n')}\n${body.join('\n')}`;
}

/** SubRip: numbered cues from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, a blank line after each. */
function toSrt(segments: Segment[]): string {
  return segments
    .map((segment, index) => {
      const label = speakerLabel(segment);
      const who = label ? `${label}: ` : '';
      const text = neutraliseSrt(oneLine(segment.text));
      return `${index + 1}\n${timestamp(segment.start, ',')} --> ${timestamp(segment.end, ',')}\n${who}${text}\n`;
    })
    .join('\n');
}

/** WebVTT: the header, cues with `HH:MM:SS.mmm`, voices for speakers, text escaped for cue text. */
function toVtt(segments: Segment[]): string {
  const cues = segments.map((segment) => {
    const text = escapeVtt(oneLine(segment.text));
    const label = speakerLabel(segment);
    const voiced = label ? `<v ${label}>${text}` : text;
    return `${timestamp(segment.start, '.')} --> ${timestamp(segment.end, '.')}\n${voiced}\n`;
  });
  return ['WEBVTT\n', ...cues].join('\n');
}

function toJson({ session }: SavedTranscript, segments: Segment[]): string {
  return `${JSON.stringify(
    {
      title: session.title,
      url: session.url,
      startedAt: new Date(session.startedAt).toISOString(),
      endedAt: session.endedAt === null ? null : new Date(session.endedAt).toISOString(),
      durationSeconds: session.durationMs / 1000,
      status: session.status,
      // `channel` ("tab" or "microphone") only in sessions that captured both.
      segments: segments.map(({ start, end, speaker, channel, text }) => ({
        start,
        end,
        speaker,
        ...(channel ? { channel } : {}),
        text,
      })),
    },
    null,
    2,
  )}\n`;
}

/** HH:MM:SS plus milliseconds after `separator` (`,` for SubRip, `.` for WebVTT). */
export function timestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const ms = totalMs % 1000;
  const totalSeconds = Math.floor(totalMs / 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor((totalSeconds % 3600) / 60))}:${pad(totalSeconds % 60)}${separator}${pad(ms, 3)}`;
}

/** H:MM:SS or M:SS, for people. */
function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A cue or a line must not break: a blank line ends a SubRip or WebVTT cue. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `&`, `<` and `>` are markup in cue text (and `-->` must never appear in it). */
function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * SubRip has no escapes, and players render the tags they know (`<b>`, `<font>`, ASS's `{\an8}`):
 * words that look like markup get look-alike characters instead, and an arrow that would read
 * as a timing line becomes one arrow.
 */
function neutraliseSrt(text: string): string {
  return text.replace(/-->/g, '→').replace(/</g, '‹').replace(/>/g, '›').replace(/\{\\/g, '｛\\');
}

/**
 * Characters Markdown would read as formatting, links or HTML; `&` only where it would start a
 * character reference.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|~])|&(?=#?[a-z0-9]+;)/gi, (match) => `\\${match}`);
}

/**
 * The page's address: a link only for http(s), written as the URL standard serialises it (so it
 * holds no `<`, `>` or space that could end the autolink); any other scheme (`data:`,
 * `javascript:`, `file:`) is shown as code, which Markdown never turns into a link or HTML.
 */
function markdownAddress(address: string): string {
  const url = URL.parse(address);
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return `<${url.href}>`;
  return codeSpan(oneLine(address));
}

/** Text as a Markdown code span: fenced by one more backtick than the longest run inside. */
function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = /^`|`$/.test(text) ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/** `tabscribe-weekly-sync-2026-11-28-1405.srt` */
export function exportFileName(transcript: SavedTranscript, format: ExportFormat): string {
  const slug =
    transcript.session.title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'transcript';
  const when = new Date(transcript.session.startedAt)
    .toISOString()
    .slice(0, 16)
    .replace('T', '-')
    .replace(':', '');
  return `tabscribe-${slug}-${when}.${format}`;
}
