import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { describe, expect, it } from 'vitest';
import { type CueNode, WebVTTParser } from 'webvtt-parser';
import type { SavedTranscript } from '../transcript-store';
import { timestamp } from './text-escapes';
import {
  EXPORT_FORMATS,
  exportFileName,
  exportTranscript,
  transcriptAsPlainText,
} from './transcript-formats';

// A session that exercises every rule: two speakers (one named), a segment with no words, text
// with markup characters and a line break, times past the first hour, and moments: one with a
// note that looks like markup, one inside a segment past the hour, one after the last words.
const meeting: SavedTranscript = {
  session: {
    id: 's1',
    title: 'Q&A: <Budget> *review* #3',
    url: 'https://meet.example.com/abc-defg-hij',
    startedAt: Date.UTC(2026, 10, 28, 14, 5, 0),
    endedAt: Date.UTC(2026, 10, 28, 15, 7, 30),
    durationMs: 3_750_000,
    wordCount: 19,
    status: 'complete',
    settings: { model: 'nova-3' },
    speakerNames: { 'speaker-1': 'Ada' },
    moments: [
      { id: 'm1', at: 1_200, note: 'Agenda & <intro>' },
      { id: 'm2', at: 3_600_500, note: '' },
      { id: 'm3', at: 3_740_000, note: 'after --> the *end*' },
    ],
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
    // Comments (the moments) are the validator's to check, below.
    const cueTexts = vtt
      .split('\n')
      .filter(
        (line) => line && !line.includes(' --> ') && line !== 'WEBVTT' && !line.startsWith('NOTE'),
      );
    for (const text of cueTexts)
      expect(text.replace(/^<v (Speaker \d+|Ada)>/, '')).not.toMatch(/[<>]|-->/);
  });

  it('names the user "You" and the tab by speaker, or "Tab", in a session with the microphone', () => {
    const withMicrophone: SavedTranscript = {
      session: {
        ...meeting.session,
        settings: { channels: '2', multichannel: 'true' },
        moments: [],
        speakerNames: {},
      },
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
      speakerName: 'You',
      channel: 'microphone',
      text: 'Yes.',
    });
  });

  it('JSON gives the media time of segments said while a <video> or <audio> played', () => {
    const video: SavedTranscript = {
      ...meeting,
      segments: [
        { index: 0, text: 'Hello.', start: 1, end: 2, speaker: null, mediaTime: 631.5 },
        { index: 1, text: 'After the page closed.', start: 3, end: 4, speaker: null },
      ],
    };
    const json = JSON.parse(exportTranscript(video, 'json')) as { segments: object[] };
    expect(json.segments.map((segment) => 'mediaTime' in segment && segment.mediaTime)).toEqual([
      631.5,
      false,
    ]);
  });

  it('names files after the title and the start, safe for any file system', () => {
    expect(exportFileName(meeting, 'srt')).toBe(
      'tabscribe-q-a-budget-review-3-2026-11-28-1405.srt',
    );
    const untitled = { ...meeting, session: { ...meeting.session, title: '???' } };
    expect(exportFileName(untitled, 'txt')).toBe('tabscribe-transcript-2026-11-28-1405.txt');
  });
});

// Text a page or the audio could put in a transcript, aimed at whatever renders the export.
const script = '<script>alert(1)</script>';
const image = '<img src=x onerror=alert(1)>';
const hostile: SavedTranscript = {
  session: {
    ...meeting.session,
    title: 'Notes](javascript:alert(1)) <img src=x onerror=alert(1)> &lt;b&gt;',
    url: 'data:text/html,<b>x</b>',
    moments: [],
    speakerNames: {},
  },
  segments: [
    { index: 0, text: script, start: 1, end: 2, speaker: null },
    { index: 1, text: `Look: ${image}`, start: 2, end: 3, speaker: 0 },
    { index: 2, text: 'left --> right & 1 < 2', start: 3, end: 4, speaker: null },
    {
      index: 3,
      text: '{\\an8}<font color="red">up</font> <b>bold</b> &amp;',
      start: 4,
      end: 5,
      speaker: 1,
    },
  ],
};

/**
 * SubRip as strict players read it: numbered cues from 1, a timing line, text lines, one blank
 * line between cues; and no text a player would take for markup.
 */
function expectStrictSubRip(srt: string): string[] {
  expect(srt.endsWith('\n')).toBe(true);
  const cues = srt.slice(0, -1).split('\n\n');
  return cues.flatMap((cue, index) => {
    const [number, timing, ...text] = cue.split('\n');
    expect(number).toBe(String(index + 1));
    expect(timing).toMatch(/^\d{2}:[0-5]\d:[0-5]\d,\d{3} --> \d{2}:[0-5]\d:[0-5]\d,\d{3}$/);
    expect(text.length).toBeGreaterThan(0);
    for (const line of text) {
      expect(line.trim()).not.toBe('');
      expect(line).not.toMatch(/[<>]|-->|\{\\/);
    }
    return text;
  });
}

/** Every character reference HTML names, as the specification has WebVTT read them. */
const htmlEntities = createRequire(import.meta.url)('webvtt-parser/html-entities.json') as Record<
  string,
  string
>;

/** WebVTT through the W3C's validator: no error, and the cues' words as it reads them. */
function strictWebVtt(vtt: string): { voice: string | null; words: string }[] {
  const { cues, errors } = new WebVTTParser(htmlEntities).parse(vtt);
  expect(errors).toEqual([]);
  const words = (nodes: CueNode[]): string =>
    nodes.map((node) => (node.type === 'text' ? node.value : words(node.children ?? []))).join('');
  return cues.map(({ tree }) => {
    // The only tag in a cue is ours: the speaker's voice, around the whole text.
    const tags = tree.children.filter((node) => node.type === 'object');
    expect(tags.every((tag) => tag.name === 'v')).toBe(true);
    for (const tag of tags) expect(tag.children?.every((node) => node.type === 'text')).toBe(true);
    // The specification allows character references in a voice's name; this parser leaves them.
    const voice = tags[0]?.value ?? null;
    return { voice: voice && decodeReferences(voice), words: words(tree.children) };
  });
}

function decodeReferences(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (reference) => htmlEntities[reference] ?? reference);
}

/** Markdown as a renderer that lets HTML and every link through turns it into HTML. */
function renderedUnsafely(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, allowDangerousProtocol: true });
}

describe('transcript export of text that looks like markup', () => {
  it('SubRip: valid, and no tag or arrow of the text reaches a player', () => {
    const text = expectStrictSubRip(exportTranscript(hostile, 'srt'));
    expect(text).toEqual([
      '‹script›alert(1)‹/script›',
      'Speaker 1: Look: ‹img src=x onerror=alert(1)›',
      'left → right & 1 ‹ 2',
      'Speaker 2: ｛\\an8}‹font color="red"›up‹/font› ‹b›bold‹/b› &amp;',
    ]);
    expectStrictSubRip(exportTranscript(meeting, 'srt'));
  });

  it('WebVTT: the W3C validator finds no error, and reads back exactly the words said', () => {
    expect(strictWebVtt(exportTranscript(hostile, 'vtt'))).toEqual(
      hostile.segments.map((segment) => ({
        voice: segment.speaker === null ? null : `Speaker ${segment.speaker + 1}`,
        words: segment.text,
      })),
    );
    expect(strictWebVtt(exportTranscript(meeting, 'vtt'))).toHaveLength(4);
  });

  it('Markdown: no HTML and no link but http(s) from the title, the address or the words', () => {
    const html = renderedUnsafely(exportTranscript(hostile, 'md'));
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => match[1]));
    expect([...tags].sort()).toEqual(['code', 'h1', 'p', 'strong']);
    // The title and the data: address read as written, not as markup.
    expect(html).toContain(
      '<h1>Notes](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;</h1>',
    );
    expect(html).toContain('<code>data:text/html,&lt;b&gt;x&lt;/b&gt;</code>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('Markdown: an http(s) address is one link, whatever it holds; any other scheme is code', () => {
    const linkFor = (url: string) => {
      const transcript = { ...hostile, session: { ...hostile.session, url } };
      const html = renderedUnsafely(exportTranscript(transcript, 'md'));
      return [...html.matchAll(/<a href="([^"]*)">/g)].map((match) => match[1]);
    };
    expect(linkFor('https://example.com/a b<c>?q="x"#`y`')).toEqual([
      'https://example.com/a%20b%3Cc%3E?q=%22x%22#%60y%60',
    ]);
    expect(linkFor('http://127.0.0.1:8080/')).toEqual(['http://127.0.0.1:8080/']);
    expect(linkFor('javascript:alert(1)')).toEqual([]);
    expect(linkFor('file:///etc/passwd')).toEqual([]);
    expect(linkFor('chrome://settings/`x``')).toEqual([]);
  });

  it('plain text and JSON keep the words exactly as said', () => {
    const json = JSON.parse(exportTranscript(hostile, 'json')) as {
      title: string;
      url: string;
      segments: { text: string }[];
    };
    expect(json.segments.map((segment) => segment.text)).toEqual(
      hostile.segments.map((segment) => segment.text),
    );
    expect(json).toMatchObject({ title: hostile.session.title, url: hostile.session.url });
    expect(exportTranscript(hostile, 'txt')).toContain(`${script}\n`);
  });
});

describe('transcript export of names and moments', () => {
  // What a user could type as a speaker's name or a moment's note, aimed at every format.
  const annotated: SavedTranscript = {
    ...hostile,
    session: {
      ...hostile.session,
      speakerNames: { 'speaker-0': '<b>Eve</b> --> {\\an8} & Co', 'speaker-1': 'Bo' },
      moments: [
        { id: 'm1', at: 500, note: 'before --> <i>anything</i>' },
        { id: 'm2', at: 2_500, note: '' },
        { id: 'm3', at: 60_000, note: '# not a heading *' },
      ],
    },
  };

  it('SubRip: still strictly valid, with the names neutralised like the words', () => {
    const text = expectStrictSubRip(exportTranscript(annotated, 'srt'));
    expect(text[1]).toBe('‹b›Eve‹/b› → ｛\\an8} & Co: Look: ‹img src=x onerror=alert(1)›');
    expect(text[3]).toMatch(/^Bo: /);
  });

  it('WebVTT: the validator finds no error; names are voices, moments are comments, not cues', () => {
    const vtt = exportTranscript(annotated, 'vtt');
    expect(strictWebVtt(vtt)).toEqual(
      annotated.segments.map((segment) => ({
        voice:
          segment.speaker === null
            ? null
            : segment.speaker === 0
              ? '<b>Eve</b> --> {\\an8} & Co'
              : 'Bo',
        words: segment.text,
      })),
    );
    expect(vtt.match(/^NOTE .*$/gm)).toEqual([
      'NOTE Moment at 00:00:00.500: before → <i>anything</i>',
      'NOTE Moment at 00:00:02.500',
      'NOTE Moment at 00:01:00.000: # not a heading *',
    ]);
    // Each comment sits before the cue it belongs to; the last, after every word, at the end.
    expect(vtt.indexOf('00:00:02.500\n\n00:00:02.000 -->')).toBeGreaterThan(0);
    expect(vtt.trimEnd().endsWith('# not a heading *')).toBe(true);
  });

  it('Markdown: a Moments section with times, and names that render as written', () => {
    const markdown = exportTranscript(annotated, 'md');
    expect(markdown).toContain('\n## Moments\n\n- `0:00` before');
    const html = renderedUnsafely(markdown);
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => match[1]));
    expect([...tags].sort()).toEqual(['code', 'h1', 'h2', 'li', 'p', 'strong', 'ul']);
    expect(html).toContain('<strong>&lt;b&gt;Eve&lt;/b&gt; --&gt; {\\an8} &amp; Co:</strong>');
    expect(html).toContain('<li><code>1:00</code> # not a heading *</li>');
  });

  it('JSON: the moments in seconds with their notes, and each segment’s speaker by name', () => {
    const json = JSON.parse(exportTranscript(annotated, 'json')) as {
      moments: unknown[];
      segments: { speakerName: string | null }[];
    };
    expect(json.moments).toEqual([
      { at: 0.5, note: 'before --> <i>anything</i>' },
      { at: 2.5, note: '' },
      { at: 60, note: '# not a heading *' },
    ]);
    expect(json.segments.map((segment) => segment.speakerName)).toEqual([
      null,
      '<b>Eve</b> --> {\\an8} & Co',
      null,
      'Bo',
    ]);
  });

  it('Copy (plain text) names speakers as renamed and ends with the moments', () => {
    const { session, segments } = annotated;
    const copied = transcriptAsPlainText(segments, {
      moments: session.moments ?? [],
      speakerNames: session.speakerNames ?? {},
    });
    expect(copied).toBe(exportTranscript(annotated, 'txt'));
    expect(copied.split('\n').slice(1, 2)).toEqual([
      '<b>Eve</b> --> {\\an8} & Co: Look: <img src=x onerror=alert(1)>',
    ]);
    expect(
      copied.endsWith('Moments:\n0:00 before --> <i>anything</i>\n0:02\n1:00 # not a heading *\n'),
    ).toBe(true);
  });
});
