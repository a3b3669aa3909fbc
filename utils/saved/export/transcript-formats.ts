import {
  type Annotations,
  type Moment,
  momentPlaces,
  NO_ANNOTATIONS,
} from '../../transcript/annotations';
import { speakerLabel, turnLabel } from '../../transcript/speaker-label.ts';
import type { Segment } from '../../transcript/transcript-model';
import { annotationsOf } from '../transcript-db';
import type { SavedTranscript } from '../transcript-store';
import type { ExportFormat } from './export-formats';
import {
  clock,
  escapeMarkdown,
  escapeVtt,
  markdownAddress,
  neutraliseSrt,
  oneLine,
  timestamp,
} from './text-escapes';

export { EXPORT_FORMATS, type ExportFormat } from './export-formats';

/**
 * Every format names speakers as the user named them. Moments go where each format has room for
 * them: a section in plain text and Markdown, `NOTE` blocks at their place in WebVTT (players
 * skip them), an array in JSON; SubRip has no comments, so it holds only the words.
 */
export function exportTranscript(transcript: SavedTranscript, format: ExportFormat): string {
  const segments = transcript.segments.filter((segment) => segment.text.trim() !== '');
  const annotations = annotationsOf(transcript.session);
  switch (format) {
    case 'txt':
      return transcriptAsPlainText(segments, annotations);
    case 'md':
      return toMarkdown(transcript, segments, annotations);
    case 'srt':
      return toSrt(segments, annotations);
    case 'vtt':
      return toVtt(segments, annotations);
    case 'json':
      return toJson(transcript, segments, annotations);
  }
}

/**
 * A line per segment; a speaker's name where the speaker changes; then the moments, if any.
 * Also what Copy puts on the clipboard, from the popup as from the history page.
 */
export function transcriptAsPlainText(
  segments: readonly Segment[],
  { moments, speakerNames }: Annotations = NO_ANNOTATIONS,
): string {
  const spoken = segments.filter((segment) => segment.text.trim() !== '');
  const lines = spoken.map((segment, index) => {
    const who = turnLabel(spoken, index, speakerNames);
    return who ? `${who}: ${oneLine(segment.text)}` : oneLine(segment.text);
  });
  if (moments.length > 0) {
    lines.push('', 'Moments:', ...moments.map((moment) => momentLine(moment, oneLine)));
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** "0:07 the deadline", or just the time for a moment without a note. */
function momentLine(moment: Moment, write: (note: string) => string): string {
  const time = clock(moment.at / 1000);
  return moment.note ? `${time} ${write(moment.note)}` : time;
}

function toMarkdown(
  { session }: SavedTranscript,
  segments: Segment[],
  { moments, speakerNames }: Annotations,
): string {
  const header = [
    `# ${escapeMarkdown(oneLine(session.title))}`,
    '',
    `${new Date(session.startedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC · ${clock(session.durationMs / 1000)}${session.url ? ` · ${markdownAddress(session.url)}` : ''}`,
    '',
  ];
  const body = segments.map((segment, index) => {
    const label = turnLabel(segments, index, speakerNames);
    const who = label ? `**${escapeMarkdown(label)}:** ` : '';
    return `\`${clock(segment.start)}\` ${who}${escapeMarkdown(oneLine(segment.text))}\n`;
  });
  const marked = moments.map((moment) => {
    const time = `\`${clock(moment.at / 1000)}\``;
    return `- ${moment.note ? `${time} ${escapeMarkdown(oneLine(moment.note))}` : time}\n`;
  });
  const section = marked.length > 0 ? `\n## Moments\n\n${marked.join('')}` : '';
  return `${header.join('\n')}\n${body.join('\n')}${section}`;
}

/** SubRip: numbered cues from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, a blank line after each. */
function toSrt(segments: Segment[], { speakerNames }: Annotations): string {
  return segments
    .map((segment, index) => {
      const label = speakerLabel(segment, speakerNames);
      const who = label ? `${neutraliseSrt(oneLine(label))}: ` : '';
      const text = neutraliseSrt(oneLine(segment.text));
      return `${index + 1}\n${timestamp(segment.start, ',')} --> ${timestamp(segment.end, ',')}\n${who}${text}\n`;
    })
    .join('\n');
}

/**
 * WebVTT: the header, cues with `HH:MM:SS.mmm`, voices for speakers, text escaped for cue text;
 * each moment a `NOTE` block before the cue it belongs to.
 */
function toVtt(segments: Segment[], { moments, speakerNames }: Annotations): string {
  const places = momentPlaces(segments, moments);
  const notes = (place: number | null) =>
    (places.get(place) ?? []).map((moment) => `${vttNote(moment)}\n`);
  const blocks = segments.flatMap((segment) => {
    const text = escapeVtt(oneLine(segment.text));
    const label = speakerLabel(segment, speakerNames);
    const voiced = label ? `<v ${vttVoice(label)}>${text}` : text;
    return [
      ...notes(segment.index),
      `${timestamp(segment.start, '.')} --> ${timestamp(segment.end, '.')}\n${voiced}\n`,
    ];
  });
  return ['WEBVTT\n', ...blocks, ...notes(null)].join('\n');
}

/** A comment block: one line, and never the arrow that would make it a cue's timing. */
function vttNote(moment: Moment): string {
  const time = timestamp(moment.at / 1000, '.');
  const note = moment.note ? `: ${oneLine(moment.note).replace(/-->/g, '→')}` : '';
  return `NOTE Moment at ${time}${note}`;
}

/** A voice's annotation ends at `>` and holds no character reference to read. */
function vttVoice(name: string): string {
  return escapeVtt(oneLine(name));
}

function toJson(
  { session }: SavedTranscript,
  segments: Segment[],
  { moments, speakerNames }: Annotations,
): string {
  return `${JSON.stringify(
    {
      title: session.title,
      url: session.url,
      startedAt: new Date(session.startedAt).toISOString(),
      endedAt: session.endedAt === null ? null : new Date(session.endedAt).toISOString(),
      durationSeconds: session.durationMs / 1000,
      status: session.status,
      // Seconds from the start, as the segments' times.
      moments: moments.map(({ at, note }) => ({ at: at / 1000, note })),
      // `channel` ("tab" or "microphone") only in sessions that captured both; `speakerName` as
      // every view shows it (the name the user gave, else "Speaker 1", "You" or "Tab").
      segments: segments.map((segment) => ({
        start: segment.start,
        end: segment.end,
        speaker: segment.speaker,
        speakerName: speakerLabel(segment, speakerNames),
        ...(segment.channel ? { channel: segment.channel } : {}),
        // Where the tab's <video> or <audio> was, in seconds, when the sound came from one.
        ...(segment.mediaTime === undefined ? {} : { mediaTime: segment.mediaTime }),
        text: segment.text,
      })),
    },
    null,
    2,
  )}\n`;
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
