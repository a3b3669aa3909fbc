import * as v from 'valibot';
import type { Browser } from 'wxt/browser';
import type { MediaReading } from './media-timeline';

/**
 * How the media probe in the recorded tab talks to Tabscribe: readings go to the recording's
 * owner on a port (which closing says the page is gone); seeks come from a view or the history
 * page as a tab message, answered only when the page is still the one recorded. One schema each.
 */

export const MEDIA_CLOCK_PORT = 'tabscribe.media-clock';

const READING = v.strictObject({
  at: v.number(),
  mediaTime: v.nullable(v.number()),
  playbackRate: v.number(),
  paused: v.boolean(),
});
const FROM_PROBE = v.strictObject({ type: v.literal('reading'), reading: READING });
export type FromProbe = v.InferOutput<typeof FROM_PROBE>;

const SEEK = v.strictObject({
  channel: v.literal('tabscribe'),
  type: v.literal('media.seek'),
  /** The page the transcript was recorded on: a tab showing another one does not seek. */
  url: v.string(),
  seconds: v.pipe(v.number(), v.minValue(0)),
});
export type SeekRequest = v.InferOutput<typeof SEEK>;
/** The probe's answer: whether it sought (false: another page, or no element heard). */
export interface SeekReply {
  sought: boolean;
}

export const seekRequest = (url: string, seconds: number): SeekRequest => ({
  channel: 'tabscribe',
  type: 'media.seek',
  url,
  seconds,
});

const parsed = <S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> | null => {
  const result = v.safeParse(schema, raw);
  return result.success ? result.output : null;
};
export const parseFromProbe = (raw: unknown) => parsed(FROM_PROBE, raw);
export const parseSeek = (raw: unknown) => parsed(SEEK, raw);

type Port = Browser.runtime.Port;

/**
 * Owner side: takes readings only from this extension's probe in the tab being recorded; the
 * probe's port closing (the page navigated or closed) means no media time from then on.
 */
export function serveMediaClock(options: {
  onConnect: { addListener(listener: (port: Port) => void): void };
  extensionId: string;
  /** The tab being recorded now, if any. */
  recordedTab(): number | null;
  onReading(reading: MediaReading): void;
  now(): number;
}) {
  options.onConnect.addListener((port) => {
    if (port.name !== MEDIA_CLOCK_PORT) return;
    const tabId = port.sender?.tab?.id;
    if (port.sender?.id !== options.extensionId || tabId === undefined) return;
    if (tabId !== options.recordedTab()) {
      port.disconnect();
      return;
    }
    port.onMessage.addListener((raw: unknown) => {
      // The recording ended: the probe stops reading (it still seeks, for the views).
      if (options.recordedTab() !== tabId) {
        port.disconnect();
        return;
      }
      const message = parseFromProbe(raw);
      if (message) options.onReading(message.reading);
    });
    port.onDisconnect.addListener(() => {
      if (options.recordedTab() !== tabId) return;
      options.onReading({ at: options.now(), mediaTime: null, playbackRate: 1, paused: true });
    });
  });
}
