import type { MediaReading } from './media-timeline';

/**
 * Runs in the recorded tab: finds the `<video>` or `<audio>` the user hears and reads its time at
 * every event that changes how it runs, and a few times a second while it plays (`timeupdate`),
 * so the recorder can tell each segment's media time. It also seeks that element on request.
 */

/** Events after which the element's time no longer follows from the last reading. */
const CHANGES = [
  'play',
  'playing',
  'pause',
  'seeked',
  'ratechange',
  'timeupdate',
  'waiting',
  'ended',
  'volumechange',
  'emptied',
] as const;

/** `readyState` from which an element plays on (HAVE_FUTURE_DATA). */
const CAN_PLAY_ON = 3;

type Media = Pick<
  HTMLMediaElement,
  'paused' | 'muted' | 'volume' | 'ended' | 'readyState' | 'currentTime' | 'playbackRate'
>;

const isMedia = (target: EventTarget | null): target is HTMLMediaElement & EventTarget =>
  target !== null && 'currentTime' in target && 'playbackRate' in target;

/** Heard: playing, not muted. */
const audible = (media: Media) => !media.paused && !media.muted && media.volume > 0;

export interface MediaProbe {
  /** Seeks the element heard last; false when there is none. */
  seek(seconds: number): boolean;
  stop(): void;
}

export function startMediaProbe(
  root: Pick<Document, 'addEventListener' | 'removeEventListener' | 'querySelectorAll'>,
  send: (reading: MediaReading) => void,
  now: () => number,
): MediaProbe {
  let heard: Media | null = null;
  const read = (media: Media): MediaReading => ({
    at: now(),
    mediaTime: media.currentTime,
    playbackRate: media.playbackRate,
    paused: media.paused || media.ended || media.readyState < CAN_PLAY_ON,
  });
  const onChange = (event: Event) => {
    const media = event.target;
    if (!isMedia(media)) return;
    // The element that starts playing, heard, is the one the recording hears from now on (two
    // playing at once: the later start, not whichever ticked last).
    const starts = event.type === 'play' || event.type === 'playing';
    if (starts && media !== heard && audible(media)) heard = media;
    if (media === heard) send(read(media));
  };
  // Media events do not bubble: listen in the capture phase, for every element of the page.
  for (const type of CHANGES) root.addEventListener(type, onChange, true);
  heard = [...root.querySelectorAll<HTMLMediaElement>('video, audio')].find(audible) ?? null;
  if (heard) send(read(heard));
  return {
    seek(seconds) {
      if (!heard) return false;
      heard.currentTime = seconds;
      return true;
    },
    stop() {
      for (const type of CHANGES) root.removeEventListener(type, onChange, true);
    },
  };
}
