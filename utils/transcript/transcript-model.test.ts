import { describe, expect, it } from 'vitest';
import diarized from './fixtures/nova3-diarized-smart-format.json';
import standIn from './fixtures/stand-in-three-words.json';
import { createTranscript, type TranscriptDelta } from './transcript-model';

// Recorded message sequences: one from the Deepgram stand-in (tone-words), one in the shape of
// a real nova-3 stream with diarization and smart formatting.
function replay(messages: { type: string }[], toRecordingTime?: (seconds: number) => number) {
  const transcript = createTranscript();
  const deltas: TranscriptDelta[] = [];
  for (const message of messages) {
    const delta = transcript.apply(message, toRecordingTime);
    if (delta) deltas.push(delta);
  }
  // What a view that saw every delta shows: each appended segment, and the interim text now.
  const shown = () => ({
    segments: deltas.flatMap((delta) => delta.appended),
    interim: transcript.interim,
  });
  return { transcript, deltas, shown };
}

describe('transcript model', () => {
  it('turns a recorded stand-in stream into its words, interim text first', () => {
    const { transcript, deltas, shown } = replay(standIn);
    const { segments, interim } = shown();
    expect(segments.map((segment) => segment.text)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(interim).toBeNull();
    // Each word shows as interim text before it is final.
    expect(deltas[0]).toEqual({
      appended: [],
      interim: { text: 'alpha', start: expect.any(Number), end: expect.any(Number) },
    });
    expect(segments.map((segment) => segment.index)).toEqual([0, 1, 2]);
    expect(segments[1]?.start).toBeCloseTo(1.5, 1);
    expect(transcript.wordCount).toBe(3);
  });

  it('replaces interim text with the final result, smart-formatted, split where the speaker changes', () => {
    const { transcript, deltas, shown } = replay(diarized);
    expect(deltas[1]?.interim?.text).toBe('hello everyone thanks for joining');
    expect(shown().segments).toEqual([
      { index: 0, text: 'Hello, everyone. Thanks for joining.', start: 0.24, end: 1.9, speaker: 0 },
      { index: 1, text: 'Happy to be here.', start: 2.3, end: 3.05, speaker: 1 },
      { index: 2, text: 'So.', start: 5.1, end: 5.4, speaker: 1 },
    ]);
    expect(transcript.wordCount).toBe(10);
  });

  it('clears interim text when a final result turns out empty, and ignores other messages', () => {
    const { deltas } = replay(diarized);
    // The empty interim after "Happy to be here." changes nothing; the empty final neither.
    expect(deltas.map((delta) => [delta.appended.length, delta.interim?.text ?? null])).toEqual([
      [0, 'hello every'],
      [0, 'hello everyone thanks for joining'],
      [2, null],
      [0, 'so'],
      [1, null],
    ]);
  });

  it('places segments on the recording clock', () => {
    const { shown } = replay(diarized, (seconds) => seconds + 60);
    expect(shown().segments[0]).toMatchObject({ start: 60.24, end: 61.9 });
  });

  describe('with the microphone as a second channel', () => {
    /** A Results message of a two-channel stream: channel 0 the tab, 1 the microphone. */
    const said = (channel: 0 | 1, words: [string, number][], isFinal = true) => ({
      type: 'Results',
      channel_index: [channel, 2],
      start: words[0]?.[1] ?? 0,
      duration: 0.5 * words.length,
      is_final: isFinal,
      channel: {
        alternatives: [
          {
            transcript: words.map(([word]) => word).join(' '),
            words: words.map(([word, start]) => ({ word, start, end: start + 0.4 })),
          },
        ],
      },
    });

    it('labels each segment with its input and keeps each channel’s interim text apart', () => {
      const { shown, deltas } = replay([
        said(0, [['alpha', 1]], false),
        said(1, [['golf', 1.2]], false),
        said(0, [['alpha', 1]]),
        said(1, [['golf', 1.2]]),
      ]);
      // The tab's final leaves the microphone's interim text showing, and the other way round.
      expect(deltas.map((delta) => delta.interim?.text ?? null)).toEqual([
        'alpha',
        'golf',
        'golf',
        null,
      ]);
      expect(shown().segments).toEqual([
        { index: 0, text: 'alpha', start: 1, end: 1.4, speaker: null, channel: 'tab' },
        { index: 1, text: 'golf', start: 1.2, end: 1.6, speaker: null, channel: 'microphone' },
      ]);
    });

    it('leaves out the tab’s words coming back through the microphone, and only those', () => {
      const { transcript, shown } = replay([
        said(0, [
          ['Hello', 10],
          ['everyone', 10.5],
        ]),
        // 150 ms later the microphone hears the speakers, and the user says something of their own.
        said(1, [
          ['hello', 10.15],
          ['everyone', 10.65],
          ['hi', 11.4],
        ]),
        // The same word long after is the user speaking, not an echo.
        said(1, [['everyone', 14]]),
      ]);
      expect(shown().segments.map(({ text, channel }) => [channel, text])).toEqual([
        ['tab', 'Hello everyone'],
        ['microphone', 'hi'],
        ['microphone', 'everyone'],
      ]);
      expect(transcript.echoWordsDropped).toBe(2);
      expect(transcript.wordCount).toBe(4);
    });

    it('checks echo against the tab’s interim words too, which may not be final yet', () => {
      const { shown } = replay([
        said(0, [['bravo', 3]], false),
        said(1, [['bravo', 3.1]]),
        said(0, [['bravo', 3]]),
      ]);
      expect(shown().segments.map((segment) => segment.channel)).toEqual(['tab']);
    });
  });
});
