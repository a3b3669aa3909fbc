import type { ErrorCode } from '../errors';
import {
  createMediaTimeline,
  type MediaReading,
  type MediaTimeline,
} from '../media/media-timeline';
import type { TranscriptStore } from '../saved/transcript-store';
import { queryAsRecord } from '../settings/transcription-settings';
import { NO_ANNOTATIONS } from '../transcript/annotations';
import { type HeldSegments, holdSegments } from '../transcript/held-segments';
import {
  createTranscript,
  type Segment,
  type Transcript,
  type TranscriptDelta,
} from '../transcript/transcript-model';
import { FRAME_MS } from './audio/pcm-format';
import type { TabAudio } from './capture/tab-audio';
import { createHearingWatch, type HearingWatch } from './hearing';
import type { RecorderDeps } from './recorder-deps';
import { createRecordingAnnotator, type RecordingAnnotator } from './recording-annotator';
import type {
  RecordingChange,
  RecordingDiagnostics,
  RecordingTranscript,
} from './recording-snapshot';
import type { Hearing } from './recording-state';
import type { ListenQuery } from './stream/listen-connection';
import type { TranscriptionStream, TranscriptionStreamDeps } from './stream/transcription-stream';
import { createTranscriptSaver, type TranscriptSaver } from './transcript-saver';

/**
 * One recording's resources as the recorder holds them, and how they are opened: the Deepgram
 * stream feeding the transcript, the transcript's saving, what the user adds (moments, names)
 * and the tab's media time; the tab's audio joins once open. What they report (the words, the
 * diagnostics) is read here too, so the recorder keeps to the state machine and its events.
 */
export interface Resources {
  recordingId: string;
  /** The account whose recording it is: nobody else is shown its words. */
  accountId: string;
  audio: TabAudio | null;
  /** The audio already stopped (a stop and a failure may both ask). */
  releasedAudio: TabAudio | null;
  stream: TranscriptionStream;
  transcript: Transcript;
  /** The segments the owner keeps: the recent ones and any not yet saved. */
  held: HeldSegments;
  /** The account's saved transcripts, which hold the rest. */
  store: Promise<TranscriptStore>;
  saver: TranscriptSaver;
  annotator: RecordingAnnotator;
  /** The recorded tab's media element, on the recording's clock. */
  media: MediaTimeline;
  watch: HearingWatch | null;
  /** Frames captured so far: the recording's clock, which segments' times are on too. */
  frames: number;
  /** What the stream was opened with, as saved with the transcript. */
  settings: Record<string, string>;
}

export function openResources(options: {
  recordingId: string;
  accountId: string;
  store: Promise<TranscriptStore>;
  query: ListenQuery;
  deps: Pick<RecorderDeps, 'createStream' | 'logError'>;
  tell(change: RecordingChange): void;
  onLost: TranscriptionStreamDeps['onLost'];
  onConnectionChange: NonNullable<TranscriptionStreamDeps['onConnectionChange']>;
}): Resources {
  const { recordingId, deps, tell } = options;
  const media = createMediaTimeline();
  const transcript = createTranscript((seconds) => media.mediaTimeAt(seconds * 1000));
  const held = holdSegments();
  const saver = createTranscriptSaver(recordingId, options.store, deps.logError, (before) =>
    held.savedBefore(before),
  );
  const changed = (delta: TranscriptDelta | null) => {
    if (!delta) return;
    held.add(delta.appended);
    tell({ type: 'transcript', recordingId, ...delta });
    if (delta.appended.length > 0) saver.append(delta.appended);
  };
  return {
    recordingId,
    accountId: options.accountId,
    audio: null,
    releasedAudio: null,
    transcript,
    held,
    store: options.store,
    saver,
    annotator: createRecordingAnnotator(recordingId, saver, tell),
    media,
    watch: null,
    frames: 0,
    settings: queryAsRecord(options.query),
    stream: deps.createStream(
      {
        onMessage: (message, toRecordingTime) =>
          changed(transcript.apply(message, toRecordingTime)),
        onLost: options.onLost,
        onConnectionChange: options.onConnectionChange,
        // An outage outlasted the buffer: the transcript says where words may be missing.
        onGap: (gap) => changed(transcript.markGap(gap.start, gap.end)),
      },
      options.query,
    ),
  };
}

/**
 * Opens the tab's audio for the recording: each frame moves its clock on and goes to the stream.
 * A microphone that ends by itself is told with why (unplugged, or revoked).
 */
export function openAudio(
  of: Resources,
  deps: Pick<RecorderDeps, 'openTabAudio' | 'whyMicrophoneEnded'>,
  options: {
    streamId: string;
    microphone: MediaStream | null;
    onEnded(): void;
    onMicrophoneLost(code: ErrorCode): void;
  },
): Promise<TabAudio> {
  return deps.openTabAudio({
    streamId: options.streamId,
    microphone: options.microphone,
    onFrame: (frame) => {
      of.frames += 1;
      of.stream.pushFrame(frame);
    },
    onEnded: options.onEnded,
    onMicrophoneEnded: () =>
      void deps
        .whyMicrophoneEnded()
        .catch((): ErrorCode => 'microphone_lost')
        .then(options.onMicrophoneLost),
  });
}

/** What the live recording hears, read from its playback level and its frames' clock. */
export function watchHearing(
  of: Resources,
  audio: TabAudio,
  now: () => number,
  on: { onHearing(hearing: Hearing): void; onLevel(level: number): void },
): HearingWatch {
  return createHearingWatch({
    level: () => audio.playbackLevel(),
    framesSoFar: () => of.frames,
    now,
    ...on,
  });
}

/** Stops the audio open now, once; the object stays, its microphone still reported (ended). */
export async function releaseAudio(of: Resources): Promise<void> {
  of.watch?.stop();
  const audio = of.audio;
  if (!audio || of.releasedAudio === audio) return;
  of.releasedAudio = audio;
  await audio.stop().catch(() => undefined);
}

/** The recording's clock now: the audio captured so far, in ms. */
export const capturedMs = (of: Resources) => of.frames * FRAME_MS;

/** Puts a reading of the tab's media on the recording's clock (less the time it took to come). */
export function readMedia(of: Resources, reading: MediaReading, now: number): void {
  of.media.record({ ...reading, at: capturedMs(of) - (now - reading.at) });
}

/**
 * The latest recording's words, moments and names as the owner holds them now: its recent
 * segments (and any not yet saved), without the older ones the store holds.
 */
export function recentTranscriptOf(latest: Resources | null): RecordingTranscript {
  return {
    recordingId: latest?.recordingId ?? null,
    segments: [...(latest?.held.segments ?? [])],
    interim: latest?.transcript.interim ?? null,
    annotations: latest?.annotator.annotations ?? NO_ANNOTATIONS,
  };
}

/**
 * The latest recording's whole transcript: the segments held now (`recentTranscriptOf`, taken
 * at the call, before any await), after the older ones read back from the store, where each was
 * saved before the owner let it go. Whatever of them does not come back (a read that fails, or
 * takes longer than `giveUpAfterMs`: a view waits for no slow database) is left out, and counted
 * in `unread`, which the view shows.
 */
export async function wholeTranscriptOf(
  latest: Resources | null,
  logError: (message: string, error: unknown) => void,
  giveUpAfterMs = Number.POSITIVE_INFINITY,
): Promise<RecordingTranscript> {
  const recent = recentTranscriptOf(latest);
  const first = recent.segments[0]?.index ?? 0;
  if (!latest || first === 0) return recent;
  let before: Segment[] = [];
  try {
    // Only the segments before the held ones: those are saved, in index order, from 0.
    const reading = latest.store.then((store) => store.getTranscript(latest.recordingId, first));
    const saved = await withinTime(reading, giveUpAfterMs);
    before = saved?.segments.filter((segment) => segment.index < first) ?? [];
  } catch (error) {
    logError('Could not read the saved words back for a view', error);
  }
  const segments = [...before, ...recent.segments];
  return before.length < first
    ? { ...recent, segments, unread: first - before.length }
    : { ...recent, segments };
}

/** `promise`'s value, or a rejection once `ms` have passed without one. */
function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (ms === Number.POSITIVE_INFINITY) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** How the capture is doing (`running`), and what the latest recording's microphone did. */
export function diagnosticsOf(
  latest: Resources | null,
  running: Resources | null,
): RecordingDiagnostics {
  return {
    recordingId: running?.recordingId ?? null,
    sampleRate: running?.audio?.sampleRate ?? null,
    playbackLevel: running?.audio?.playbackLevel() ?? 0,
    stream: running ? { ...running.stream.stats } : null,
    microphone: latest?.audio?.microphone() ?? null,
    echoWordsDropped: latest?.transcript.echoWordsDropped ?? 0,
  };
}
