// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { startMediaProbe } from './media-probe';
import type { MediaReading } from './media-timeline';

/** A media element whose state the test sets, as the page's player would. */
function media(tag: 'audio' | 'video', state: Partial<HTMLMediaElement>) {
  const element = document.createElement(tag);
  const values = {
    paused: true,
    muted: false,
    volume: 1,
    ended: false,
    readyState: 4,
    currentTime: 0,
    playbackRate: 1,
    ...state,
  };
  for (const [key, value] of Object.entries(values)) {
    Object.defineProperty(element, key, { value, writable: true, configurable: true });
  }
  document.body.append(element);
  return Object.assign(element, {
    set(changes: Partial<HTMLMediaElement>, event: string) {
      Object.assign(element, changes);
      element.dispatchEvent(new Event(event));
    },
  });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('media probe', () => {
  it('reads the element heard, at once and at each change: pause, seek, rate', () => {
    const readings: MediaReading[] = [];
    let now = 1_000;
    const video = media('video', { paused: false, currentTime: 12 });
    const probe = startMediaProbe(
      document,
      (reading) => readings.push(reading),
      () => now,
    );
    now = 2_000;
    video.set({ paused: true, currentTime: 13 }, 'pause');
    now = 3_000;
    video.set({ currentTime: 60 }, 'seeked');
    video.set({ paused: false, playbackRate: 2 }, 'ratechange');
    expect(readings).toEqual([
      { at: 1_000, mediaTime: 12, playbackRate: 1, paused: false },
      { at: 2_000, mediaTime: 13, playbackRate: 1, paused: true },
      { at: 3_000, mediaTime: 60, playbackRate: 1, paused: true },
      { at: 3_000, mediaTime: 60, playbackRate: 2, paused: false },
    ]);
    expect(probe.seek(5)).toBe(true);
    expect(video.currentTime).toBe(5);
    probe.stop();
  });

  it('follows the element that starts being heard; a muted one or a stalled one is not heard', () => {
    const readings: MediaReading[] = [];
    const first = media('audio', { paused: false, currentTime: 3 });
    const muted = media('video', { muted: true });
    const probe = startMediaProbe(
      document,
      (reading) => readings.push(reading),
      () => 0,
    );
    muted.set({ paused: false }, 'play');
    const second = media('video', {});
    second.set({ paused: false, currentTime: 40 }, 'play');
    first.set({ currentTime: 4 }, 'timeupdate');
    second.set({ readyState: 2 }, 'waiting');
    expect(readings.map((reading) => [reading.mediaTime, reading.paused])).toEqual([
      [3, false],
      [40, false],
      [40, true],
    ]);
    probe.stop();
  });

  it('cannot seek when nothing was heard', () => {
    media('audio', {});
    const probe = startMediaProbe(
      document,
      () => {},
      () => 0,
    );
    expect(probe.seek(5)).toBe(false);
    probe.stop();
  });
});
