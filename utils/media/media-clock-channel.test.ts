import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { MEDIA_CLOCK_PORT, parseSeek, seekRequest, serveMediaClock } from './media-clock-channel';
import type { MediaReading } from './media-timeline';

type Port = Browser.runtime.Port;

/** A port as Chrome hands it to the owner, with the sender a content script would have. */
function fakePort(name: string, sender: { id?: string; tab?: { id: number } }) {
  const onMessage: ((raw: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const port = {
    name,
    sender,
    disconnected: false,
    onMessage: { addListener: (listener: (raw: unknown) => void) => onMessage.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => onDisconnect.push(listener) },
    disconnect() {
      port.disconnected = true;
    },
    send: (raw: unknown) => {
      for (const listener of onMessage) listener(raw);
    },
    close: () => {
      for (const listener of onDisconnect) listener();
    },
  };
  return port;
}

function owner(recordedTab: number | null) {
  const readings: MediaReading[] = [];
  let connect: (port: Port) => void = () => {};
  const served = { recordedTab };
  serveMediaClock({
    onConnect: { addListener: (listener) => (connect = listener) },
    extensionId: 'tabscribe',
    recordedTab: () => served.recordedTab,
    onReading: (reading) => readings.push(reading),
    now: () => 9_000,
  });
  return {
    readings,
    served,
    connect: (port: ReturnType<typeof fakePort>) => connect(port as never),
  };
}

const reading: MediaReading = { at: 1_000, mediaTime: 12, playbackRate: 1, paused: false };

describe('the media clock channel', () => {
  it('takes readings from the probe in the recorded tab; its port closing ends the media time', () => {
    const { readings, connect } = owner(7);
    const probe = fakePort(MEDIA_CLOCK_PORT, { id: 'tabscribe', tab: { id: 7 } });
    connect(probe);
    probe.send({ type: 'reading', reading });
    probe.send({ type: 'reading', reading: { ...reading, mediaTime: 'soon' } });
    probe.close();
    expect(readings).toEqual([
      reading,
      { at: 9_000, mediaTime: null, playbackRate: 1, paused: true },
    ]);
  });

  it('refuses a probe in another tab, and ignores another extension’s port', () => {
    const { readings, connect } = owner(7);
    const elsewhere = fakePort(MEDIA_CLOCK_PORT, { id: 'tabscribe', tab: { id: 8 } });
    connect(elsewhere);
    expect(elsewhere.disconnected).toBe(true);
    const foreign = fakePort(MEDIA_CLOCK_PORT, { id: 'other', tab: { id: 7 } });
    connect(foreign);
    foreign.send({ type: 'reading', reading });
    expect(readings).toEqual([]);
  });

  it('lets the probe go once its recording ended', () => {
    const { readings, served, connect } = owner(7);
    const probe = fakePort(MEDIA_CLOCK_PORT, { id: 'tabscribe', tab: { id: 7 } });
    connect(probe);
    served.recordedTab = null;
    probe.send({ type: 'reading', reading });
    expect(probe.disconnected).toBe(true);
    expect(readings).toEqual([]);
  });

  it('a seek request names the page and a time, and nothing else passes', () => {
    expect(parseSeek(seekRequest('https://a.example/', 3))).toEqual(
      seekRequest('https://a.example/', 3),
    );
    expect(parseSeek({ ...seekRequest('https://a.example/', 3), seconds: -1 })).toBeNull();
    expect(parseSeek({ ...seekRequest('https://a.example/', 3), extra: true })).toBeNull();
  });
});
