/**
 * Where a page's `<video>` or `<audio>` was at any instant of a recording. The tab's probe sends a
 * reading at every play, pause, seek, rate change and stall, and a few times a second while it
 * plays; between two readings the media advances at its rate, or stands still while paused. So a
 * segment gets the media time it was really said at, however the user paused, sped up or seeked.
 */

/** What the page's media element said at one instant. */
export interface MediaReading {
  /** When it was read, in ms: on the recording's clock once the recorder has it. */
  at: number;
  /** The element's `currentTime`, seconds; null when no element is heard (or the page is gone). */
  mediaTime: number | null;
  playbackRate: number;
  /** Paused, ended, or waiting for data: its time stands still. */
  paused: boolean;
}

/** Readings kept behind the latest: longer than a segment's words can lag behind the audio. */
export const MEDIA_MEMORY_MS = 120_000;

export interface MediaTimeline {
  record(reading: MediaReading): void;
  /** The media time (seconds) at `at` ms; null before the first reading. */
  mediaTimeAt(at: number): number | null;
}

export function createMediaTimeline(memoryMs = MEDIA_MEMORY_MS): MediaTimeline {
  let readings: MediaReading[] = [];
  return {
    record(reading) {
      // A late reading is placed where it belongs in time.
      const later = readings.findIndex((known) => known.at > reading.at);
      if (later === -1) readings.push(reading);
      else readings.splice(later, 0, reading);
      // The last reading before the memory's start still tells where the media was then.
      const latest = (readings.at(-1) as MediaReading).at;
      const firstRemembered = readings.findIndex((known) => known.at >= latest - memoryMs);
      if (firstRemembered > 1) readings = readings.slice(firstRemembered - 1);
    },
    mediaTimeAt(at) {
      const reading = readings.findLast((known) => known.at <= at) ?? null;
      if (!reading || reading.mediaTime === null) return null;
      if (reading.paused) return reading.mediaTime;
      return reading.mediaTime + ((at - reading.at) / 1000) * reading.playbackRate;
    },
  };
}
