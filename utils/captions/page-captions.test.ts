// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Port } from '../recording/recording-channel';
import { CAPTIONS_PORT, type ToCaptions } from './caption-channel';
import { type CaptionsSetting, DEFAULT_POSITION } from './captions-setting';
import { showPageCaptions } from './page-captions';

/** A port the test plays the owner's end of. */
function fakePort() {
  const messages: ((raw: unknown) => void)[] = [];
  const disconnects: (() => void)[] = [];
  let disconnected = false;
  const port = {
    name: CAPTIONS_PORT,
    postMessage: () => {},
    disconnect: () => {
      disconnected = true;
    },
    onMessage: { addListener: (listener: (raw: unknown) => void) => messages.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => disconnects.push(listener) },
  } as unknown as Port;
  return {
    port,
    send: (message: ToCaptions | Record<string, unknown>) => {
      for (const listener of messages) listener(message);
    },
    closeFromOwner: () => {
      for (const listener of disconnects) listener();
    },
    isDisconnected: () => disconnected,
  };
}

function setUp(setting: CaptionsSetting = { shown: true, size: 'medium' }) {
  const owner = fakePort();
  const connected: string[] = [];
  let onSetting: (setting: CaptionsSetting) => void = () => {};
  const start = async () => {
    stops.push(
      await showPageCaptions({
        doc: document,
        connect: (name) => {
          connected.push(name);
          return owner.port;
        },
        loadSetting: async () => setting,
        watchSetting: (listener) => {
          onSetting = listener;
          return () => {
            onSetting = () => {};
          };
        },
        loadPosition: async () => DEFAULT_POSITION,
        savePosition: async () => {},
      }),
    );
  };
  return { owner, connected, start, changeSetting: (next: CaptionsSetting) => onSetting(next) };
}

const host = () => document.querySelector('tabscribe-captions');
const region = () => host()?.shadowRoot?.querySelector('[role=region]') ?? null;
const shownText = () => region()?.textContent ?? null;

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('showPageCaptions', () => {
  it('draws a region named for the tests in an open shadow root, waiting for words', async () => {
    const { start, connected } = setUp();
    await start();
    expect(region()?.getAttribute('aria-label')).toBe('Tabscribe captions');
    expect(shownText()).toBe('Tabscribe is listening…');
    expect(connected).toEqual([CAPTIONS_PORT]);
  });

  it('shows interim words at once, apart, and their final form in their place', async () => {
    const { start, owner } = setUp();
    await start();
    owner.send({ type: 'caption', settled: 'Hello there.', interim: 'how are' });
    expect(shownText()).toBe('Hello there. how are');
    expect(region()?.querySelector('.interim')?.textContent).toBe(' how are');
    owner.send({ type: 'caption', settled: 'Hello there. How are you?', interim: '' });
    expect(shownText()).toBe('Hello there. How are you?');
    expect(region()?.querySelector('.interim')?.textContent).toBe('');
  });

  it('ignores anything that is not a caption', async () => {
    const { start, owner } = setUp();
    await start();
    owner.send({ type: 'caption', settled: 42 });
    owner.send({ type: 'transcript', segments: [] });
    expect(shownText()).toBe('Tabscribe is listening…');
  });

  it('is gone when the owner closes the port (the recording ended), and can be drawn again', async () => {
    const { start, owner } = setUp();
    await start();
    owner.closeFromOwner();
    expect(host()).toBeNull();
    await start();
    expect(region()).not.toBeNull();
  });

  it('is gone when the setting is turned off, and follows its size', async () => {
    const { start, owner, changeSetting } = setUp();
    await start();
    changeSetting({ shown: true, size: 'large' });
    expect(region()?.className).toBe('region large');
    changeSetting({ shown: false, size: 'large' });
    expect(host()).toBeNull();
    expect(owner.isDisconnected()).toBe(true);
  });

  it('draws once however often it is injected', async () => {
    const { start } = setUp();
    await Promise.all([start(), start()]);
    await start();
    expect(document.querySelectorAll('tabscribe-captions')).toHaveLength(1);
  });

  it('draws nothing and connects nowhere with the setting off', async () => {
    const { start, connected } = setUp({ shown: false, size: 'medium' });
    await start();
    expect(host()).toBeNull();
    expect(connected).toEqual([]);
  });

  it('puts itself back when the page takes it out', async () => {
    const { start } = setUp();
    await start();
    host()?.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(region()).not.toBeNull();
  });

  it('moves only for the user’s own keys and pointer, not for events a page makes', async () => {
    const { start } = setUp();
    await start();
    const target = region() as HTMLElement;
    const before = [target.style.left, target.style.bottom];
    target.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    target.dispatchEvent(new PointerEvent('pointerdown', { clientX: 10, clientY: 10 }));
    target.dispatchEvent(new PointerEvent('pointermove', { clientX: 300, clientY: 10 }));
    expect([target.style.left, target.style.bottom]).toEqual(before);
  });
});
