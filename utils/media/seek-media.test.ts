import { describe, expect, it } from 'vitest';
import { pageAtTime, seekMedia } from './seek-media';

describe('seeking a segment’s media', () => {
  const lecture = { url: 'https://lectures.example.com/4', tabId: 7 };
  const fakeTabs = (reply: unknown) => {
    const sent: unknown[] = [];
    const opened: string[] = [];
    return {
      sent,
      opened,
      deps: {
        sendToTab: async (tabId: number, message: unknown) => {
          sent.push([tabId, message]);
          if (reply instanceof Error) throw reply;
          return reply;
        },
        openTab: async (url: string) => {
          opened.push(url);
        },
      },
    };
  };

  it('asks the recorded tab to seek, naming the page it was recorded on', async () => {
    const tabs = fakeTabs({ sought: true });
    expect(await seekMedia(lecture, 31.5, tabs.deps)).toBe('sought');
    expect(tabs.sent).toEqual([
      [7, { channel: 'tabscribe', type: 'media.seek', url: lecture.url, seconds: 31.5 }],
    ]);
    expect(tabs.opened).toEqual([]);
  });

  it.each([
    ['the tab is closed', new Error('No tab with id: 7')],
    ['the tab shows another page', { sought: false }],
  ])('%s: a page without a time link cannot be played from there', async (_, reply) => {
    const tabs = fakeTabs(reply);
    expect(await seekMedia(lecture, 31.5, tabs.deps)).toBe('unavailable');
    expect(tabs.opened).toEqual([]);
  });

  it('a YouTube video whose tab is gone opens at the time instead', async () => {
    const tabs = fakeTabs(new Error('Could not establish connection'));
    const video = { url: 'https://www.youtube.com/watch?v=abc123&list=x', tabId: 7 };
    expect(await seekMedia(video, 75.9, tabs.deps)).toBe('opened');
    expect(tabs.opened).toEqual(['https://www.youtube.com/watch?v=abc123&list=x&t=75s']);
  });

  it.each([
    ['https://www.youtube.com/watch?v=abc&t=10s', 62, 'https://www.youtube.com/watch?v=abc&t=62s'],
    ['https://youtu.be/abc', 3.7, 'https://youtu.be/abc?t=3s'],
    ['https://m.youtube.com/watch?v=abc', 0, 'https://m.youtube.com/watch?v=abc&t=0s'],
    ['https://www.youtube.com/feed/subscriptions', 5, null],
    ['http://www.youtube.com/watch?v=abc', 5, null],
    ['https://example.com/watch?v=abc', 5, null],
    ['not a url', 5, null],
  ])('%s at %s s → %s', (address, seconds, expected) => {
    expect(pageAtTime(address, seconds)).toBe(expected);
  });
});
