/**
 * The live transcript as a pure model: Deepgram's messages in, segments out. Final results are
 * appended as segments (split where the speaker changes); an interim result replaces the
 * previous interim text and is itself replaced by the final result for the same audio.
 * Times are on the session's clock: `toSessionTime` maps a stream's audio time to it (a new
 * connection restarts at 0, and skipped silence is not in Deepgram's timeline).
 */

export interface Segment {
  /** Position in the transcript, from 0; stable, so a view can apply deltas exactly once. */
  index: number;
  text: string;
  /** Seconds from the session's start. */
  start: number;
  end: number;
  /** Deepgram's speaker number when diarizing, else null. */
  speaker: number | null;
}

export interface InterimText {
  text: string;
  start: number;
  end: number;
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
    toSessionTime?: (seconds: number) => number,
  ): TranscriptDelta | null;
  /**
   * Marks audio that was never transcribed (an outage longer than the stream's buffer) with a
   * segment saying so, between the words before and after it.
   */
  markGap(start: number, end: number): TranscriptDelta;
  snapshot(): TranscriptSnapshot;
  /** Words in the final segments. */
  readonly wordCount: number;
}

const identity = (seconds: number) => seconds;

export function createTranscript(): Transcript {
  const segments: Segment[] = [];
  let interim: InterimText | null = null;
  let wordCount = 0;

  function applyResults(message: ResultsMessage, toSessionTime: (seconds: number) => number) {
    const alternative = message.channel.alternatives[0];
    const text = alternative?.transcript.trim() ?? '';
    if (!message.is_final) {
      const next: InterimText | null = text
        ? {
            text,
            start: toSessionTime(message.start),
            end: toSessionTime(message.start + message.duration),
          }
        : null;
      if (next === null && interim === null) return null;
      interim = next;
      return { appended: [], interim };
    }
    // A final result settles the audio the interim text stood for, even when it is empty.
    const hadInterim = interim !== null;
    interim = null;
    const appended = text
      ? toSegments(message, text, toSessionTime, segments.length)
      : ([] as Segment[]);
    if (appended.length === 0 && !hadInterim) return null;
    segments.push(...appended);
    for (const segment of appended) wordCount += countWords(segment.text);
    return { appended, interim };
  }

  return {
    apply(message, toSessionTime = identity) {
      if (message.type !== 'Results') return null;
      return applyResults(message as ResultsMessage, toSessionTime);
    },
    markGap(start, end) {
      const seconds = Math.max(1, Math.round(end - start));
      const gap: Segment = {
        index: segments.length,
        text: `[${seconds} s not transcribed: the connection was down]`,
        start,
        end,
        speaker: null,
      };
      segments.push(gap);
      return { appended: [gap], interim };
    },
    snapshot: () => ({ segments: [...segments], interim }),
    get wordCount() {
      return wordCount;
    },
  };
}

/** One segment per run of words by the same speaker; the whole transcript when words are absent. */
function toSegments(
  message: ResultsMessage,
  transcript: string,
  toSessionTime: (seconds: number) => number,
  firstIndex: number,
): Segment[] {
  const words = message.channel.alternatives[0]?.words ?? [];
  if (words.length === 0) {
    return [
      {
        index: firstIndex,
        text: transcript,
        start: toSessionTime(message.start),
        end: toSessionTime(message.start + message.duration),
        speaker: null,
      },
    ];
  }
  const runs: (typeof words)[] = [];
  for (const word of words) {
    const run = runs.at(-1);
    if (run && run[0]?.speaker === word.speaker) run.push(word);
    else runs.push([word]);
  }
  return runs.map((run, offset) => ({
    index: firstIndex + offset,
    text: run.map((word) => word.punctuated_word ?? word.word).join(' '),
    start: toSessionTime((run[0] as (typeof words)[number]).start),
    end: toSessionTime((run.at(-1) as (typeof words)[number]).end),
    speaker: run[0]?.speaker ?? null,
  }));
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
