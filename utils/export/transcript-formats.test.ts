import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SavedTranscript } from '../storage/transcript-store';
import { EXPORT_FORMATS, exportFileName, exportTranscript, timestamp } from './transcript-formats';

// A session that exercises every rule: two speakers, a segment with no words, text with
// markup characters and a line break, and times past the first hour.
const meeting: SavedTranscript = {
  session: {
    id: 's1',
    title: 'Q&A: <Budget> *review* #3',
    url: 'https://meet.example.com/abc-defg-hij',
    startedAt: Date.UTC(2026, 10, 28, 14, 5, 0),
    endedAt: Date.UTC(2026, 10, 28, 15, 7, 30),
    durationMs: 3_750_000,
    wordCount: 19,
    segmentCount: 5,
    status: 'complete',
    settings: { model: 'nova-3' },
  },
  segments: [
    { index: 0, text: 'Welcome, everyone.', start: 0.24, end: 1.9, speaker: 0 },
    {
      index: 1,
      text: 'Slides are at <https://x.test/?a=1&b=2> --> see page 2.',
      start: 2.3,
      end: 5.05,
      speaker: 0,
    },
    { index: 2, text: '   ', start: 6, end: 6.5, speaker: 1 },
    {
      index: 3,
      text: 'Thanks!\nOne *quick* question_about the #budget.',
      start: 3599.9995,
      end: 3601.25,
      speaker: 1,
    },
    { index: 4, text: 'Sure.', start: 3725.5, end: 3726, speaker: 0 },
  ],
};

const golden = (name: string) => join(import.meta.dirname, 'golden', name);

describe('transcript export', () => {
  for (const { format } of EXPORT_FORMATS) {
    it(`writes ${format} exactly as its golden file`, () => {
      const output = exportTranscript(meeting, format);
      // UPDATE_GOLDEN=1 rewrites the files; read the diff before committing it.
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden(`meeting.${format}`), output);
      expect(output).toBe(readFileSync(golden(`meeting.${format}`), 'utf8'));
    });
  }

  it('times cues to the millisecond, past the first hour, with each format’s separator', () => {
    expect(timestamp(3599.9995, ',')).toBe('01:00:00,000');
    expect(timestamp(3725.5, '.')).toBe('01:02:05.500');
    expect(timestamp(0.0004, ',')).toBe('00:00:00,000');
    expect(timestamp(36_000 + 61.007, '.')).toBe('10:01:01.007');
  });

  it('leaves out segments with no words, and numbers SubRip cues without gaps', () => {
    const srt = exportTranscript(meeting, 'srt');
    expect(srt.match(/^\d+$/gm)).toEqual(['1', '2', '3', '4']);
    expect(srt).not.toMatch(/\n\n\n/);
    // Only timing lines hold an arrow.
    for (const line of srt.split('\n').filter((text) => text.includes('-->'))) {
      expect(line).toMatch(/^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}$/);
    }
  });

  it('never lets cue text end a WebVTT cue or open a tag', () => {
    const vtt = exportTranscript(meeting, 'vtt');
    const cueTexts = vtt
      .split('\n')
      .filter((line) => line && !line.includes(' --> ') && line !== 'WEBVTT');
    for (const text of cueTexts)
      expect(text.replace(/^<v Speaker \d+>/, '')).not.toMatch(/[<>]|-->/);
  });

  it('names the user "You" and the tab by speaker, or "Tab", in a session with the microphone', () => {
    const withMicrophone: SavedTranscript = {
      session: { ...meeting.session, settings: { channels: '2', multichannel: 'true' } },
      segments: [
        { index: 0, text: 'Can you hear me?', start: 1, end: 2, speaker: null, channel: 'tab' },
        { index: 1, text: 'Yes.', start: 2.5, end: 3, speaker: null, channel: 'microphone' },
        { index: 2, text: 'All of it.', start: 3, end: 4, speaker: null, channel: 'microphone' },
        { index: 3, text: 'Good.', start: 5, end: 6, speaker: 2, channel: 'tab' },
      ],
    };
    expect(exportTranscript(withMicrophone, 'txt')).toBe(
      'Tab: Can you hear me?\nYou: Yes.\nAll of it.\nSpeaker 3: Good.\n',
    );
    expect(exportTranscript(withMicrophone, 'vtt')).toContain('<v You>All of it.');
    expect(JSON.parse(exportTranscript(withMicrophone, 'json')).segments[1]).toEqual({
      start: 2.5,
      end: 3,
      speaker: null,
      channel: 'microphone',
      text: 'Yes.',
    });
  });

  it('names files after the title and the start, safe for any file system', () => {
    expect(exportFileName(meeting, 'srt')).toBe(
      'tabscribe-q-a-budget-review-3-2026-11-28-1405.srt',
    );
    const untitled = { ...meeting, session: { ...meeting.session, title: '???' } };
    expect(exportFileName(untitled, 'txt')).toBe('tabscribe-transcript-2026-11-28-1405.txt');
  });
});
