/**
 * The live transcript as a pure model: Deepgram's messages in, segments out. Final results are
 * appended as segments (split where the speaker changes); an interim result replaces the
 * previous interim text and is itself replaced by the final result for the same audio.
 * Times are on the recording's clock: `toRecordingTime` maps a stream's audio time to it (a new
 * connection restarts at 0, and skipped silence is not in Deepgram's timeline).
 *
 * With the microphone included, the stream has two channels, which Deepgram transcribes apart:
 * each message says its channel (`channel_index`), segments record it, and each channel has its
 * own interim text. A word the microphone hears at the moment the tab says the same word is the
 * tab's sound coming back through the user's speakers (echo the browser's canceller let
 * through): it is left out rather than written twice, once as "You".
 */

/** Which input words came from, in a recording that captured both. */
export type AudioChannel = 'tab' | 'microphone';

export interface Segment {
  /** Position in the transcript, from 0; stable, so a view can apply deltas exactly once. */
  index: number;
  text: string;
  /** Seconds from the recording's start. */
  start: number;
  end: number;
  /** Deepgram's speaker number when diarizing, else null. */
  speaker: number | null;
  /** Present only in a recording with the microphone: which input said it. */
  channel?: AudioChannel;
  /**
   * Where the tab's `<video>` or `<audio>` was when it was said (seconds): present when the
   * sound came from one, for seeking it back to the words.
   */
  mediaTime?: number;
}

export interface InterimText {
  text: string;
  start: number;
  end: number;
  /** Present only in a recording with the microphone. */
  channel?: AudioChannel;
}

export interface TranscriptSnapshot {
  segments: Segment[];
  interim: InterimText | null;
}

/** What one message changed: segments added at the end, and the interim text now. */
export interface TranscriptDelta {
  appended: Segment[];
  interim: InterimText | null;
}

/** The parts of Deepgram's `Results` message the model reads. */
export interface ResultsMessage {
  type: 'Results';
  start: number;
  duration: number;
  is_final?: boolean | undefined;
  /** `[channel, channels]`: which channel of a multichannel stream this is about. */
  channel_index?: number[] | undefined;
  channel: {
    alternatives: {
      transcript: string;
      words: {
        word: string;
        punctuated_word?: string | undefined;
        start: number;
        end: number;
        speaker?: number | undefined;
      }[];
    }[];
  };
}

export interface Transcript {
  /** Applies one message from Deepgram; null when it changed nothing. */
  apply(
    message: { type: string },
    toRecordingTime?: (seconds: number) => number,
  ): TranscriptDelta | null;
  /**
   * Marks audio that was never transcribed (an outage longer than the stream's buffer) with a
   * segment saying so, between the words before and after it.
   */
  markGap(start: number, end: number): TranscriptDelta;
  /**
   * The interim text the views show now. The segments are not kept here: each is in the delta
   * that appended it (the owner holds the recent ones, `held-segments.ts`, and saves them all).
   */
  readonly interim: InterimText | null;
  /** Words in the final segments. */
  readonly wordCount: number;
  /** Words the microphone heard that were the tab's echo, left out. */
  readonly echoWordsDropped: number;
}

/**
 * A microphone word is the tab's echo when the tab said the same word this shortly before (or,
 * allowing for Deepgram's timing, a little after). Sound reaches the microphone from speakers
 * 10–300 ms after it is played.
 */
export const ECHO_WINDOW_SECONDS = { before: 0.25, after: 0.8 };
/** How long the tab's words are kept to compare the microphone's with. */
const ECHO_MEMORY_SECONDS = 10;

type ResultWord = ResultsMessage['channel']['alternatives'][number]['words'][number];

/** A word as compared for echo: its letters and digits, lower case. */
const wordKey = (word: string) => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

const identity = (seconds: number) => seconds;

/**
 * `mediaTimeAt`: the tab's media time at a time of the recording (seconds), or null; each final
 * segment records it.
 */
export function createTranscript(
  mediaTimeAt: (recordingSeconds: number) => number | null = () => null,
): Transcript {
  /** The index the next segment gets: one per segment, from 0. */
  let nextIndex = 0;
  /** Each channel's interim text, most recently changed last. */
  let interims: InterimText[] = [];
  let wordCount = 0;
  let echoWordsDropped = 0;
  /** The tab's recent words on the recording clock, final and interim, for the echo check. */
  let tabWords: { key: string; start: number; final: boolean }[] = [];

  /** What the views show: the interim text that changed last. */
  const currentInterim = () => interims.at(-1) ?? null;

  function setInterim(channel: AudioChannel | undefined, next: InterimText | null) {
    const others = interims.filter((interim) => interim.channel !== channel);
    const changed = next !== null || others.length !== interims.length;
    interims = next ? [...others, next] : others;
    return changed;
  }

  function rememberTabWords(words: ResultWord[], at: (s: number) => number, final: boolean) {
    const latest = words.length > 0 ? at((words.at(-1) as ResultWord).start) : 0;
    tabWords = tabWords.filter((word) => word.final && word.start > latest - ECHO_MEMORY_SECONDS);
    for (const word of words) {
      tabWords.push({ key: wordKey(word.word), start: at(word.start), final });
    }
  }

  function isEcho(word: ResultWord, at: (s: number) => number) {
    const key = wordKey(word.word);
    const start = at(word.start);
    return tabWords.some(
      (tab) =>
        tab.key === key &&
        start - tab.start >= -ECHO_WINDOW_SECONDS.before &&
        start - tab.start <= ECHO_WINDOW_SECONDS.after,
    );
  }

  function applyResults(message: ResultsMessage, toRecordingTime: (seconds: number) => number) {
    const channel = channelOf(message);
    const alternative = message.channel.alternatives[0];
    let words = alternative?.words ?? [];
    let text = alternative?.transcript.trim() ?? '';
    if (channel === 'tab') rememberTabWords(words, toRecordingTime, message.is_final === true);
    if (channel === 'microphone' && words.length > 0) {
      const heard = words.filter((word) => !isEcho(word, toRecordingTime));
      if (heard.length < words.length) {
        if (message.is_final) echoWordsDropped += words.length - heard.length;
        words = heard;
        text = heard.map((word) => word.punctuated_word ?? word.word).join(' ');
      }
    }
    if (!message.is_final) {
      const next: InterimText | null = text
        ? {
            text,
            start: toRecordingTime(message.start),
            end: toRecordingTime(message.start + message.duration),
            ...(channel ? { channel } : {}),
          }
        : null;
      if (!setInterim(channel, next)) return null;
      return { appended: [], interim: currentInterim() };
    }
    // A final result settles the audio the interim text stood for, even when it is empty.
    const hadInterim = setInterim(channel, null);
    const appended = text
      ? toSegments(message, words, text, toRecordingTime, nextIndex, channel).map(withMediaTime)
      : ([] as Segment[]);
    if (appended.length === 0 && !hadInterim) return null;
    nextIndex += appended.length;
    for (const segment of appended) wordCount += countWords(segment.text);
    return { appended, interim: currentInterim() };
  }

  function withMediaTime(segment: Segment): Segment {
    const mediaTime = mediaTimeAt(segment.start);
    return mediaTime === null ? segment : { ...segment, mediaTime };
  }

  return {
    apply(message, toRecordingTime = identity) {
      if (message.type !== 'Results') return null;
      return applyResults(message as ResultsMessage, toRecordingTime);
    },
    markGap(start, end) {
      const seconds = Math.max(1, Math.round(end - start));
      const gap: Segment = {
        index: nextIndex,
        text: `[${seconds} s not transcribed: the connection was down]`,
        start,
        end,
        speaker: null,
      };
      nextIndex += 1;
      return { appended: [gap], interim: currentInterim() };
    },
    get interim() {
      return currentInterim();
    },
    get wordCount() {
      return wordCount;
    },
    get echoWordsDropped() {
      return echoWordsDropped;
    },
  };
}

/** The input a message is about: none named in a one-channel stream. */
function channelOf(message: ResultsMessage): AudioChannel | undefined {
  const [index, channels] = message.channel_index ?? [];
  if (channels === undefined || channels < 2) return undefined;
  return index === 1 ? 'microphone' : 'tab';
}

/** One segment per run of words by the same speaker; the whole transcript when words are absent. */
function toSegments(
  message: ResultsMessage,
  words: ResultWord[],
  transcript: string,
  toRecordingTime: (seconds: number) => number,
  firstIndex: number,
  channel: AudioChannel | undefined,
): Segment[] {
  const from = channel ? { channel } : {};
  if (words.length === 0) {
    return [
      {
        index: firstIndex,
        text: transcript,
        start: toRecordingTime(message.start),
        end: toRecordingTime(message.start + message.duration),
        speaker: null,
        ...from,
      },
    ];
  }
  const runs: ResultWord[][] = [];
  for (const word of words) {
    const run = runs.at(-1);
    if (run && run[0]?.speaker === word.speaker) run.push(word);
    else runs.push([word]);
  }
  return runs.map((run, offset) => ({
    index: firstIndex + offset,
    text: run.map((word) => word.punctuated_word ?? word.word).join(' '),
    start: toRecordingTime((run[0] as ResultWord).start),
    end: toRecordingTime((run.at(-1) as ResultWord).end),
    speaker: run[0]?.speaker ?? null,
    ...from,
  }));
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
