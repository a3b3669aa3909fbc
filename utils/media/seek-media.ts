import { type SeekReply, seekRequest } from './media-clock-channel';

/**
 * Takes the user to a segment's place in the media it was said in: the tab it was recorded in
 * seeks there when it still shows that page; otherwise a page that links to a time (YouTube's
 * `t=`) opens at it; otherwise the user is told it cannot be done.
 */

export type SeekOutcome = 'sought' | 'opened' | 'unavailable';

export interface SeekMediaDeps {
  /** `tabs.sendMessage`: rejects when the tab is closed or holds no probe. */
  sendToTab(tabId: number, message: unknown): Promise<unknown>;
  openTab(url: string): Promise<unknown>;
}

export async function seekMedia(
  session: { url: string; tabId?: number | undefined },
  seconds: number,
  deps: SeekMediaDeps,
): Promise<SeekOutcome> {
  if (session.tabId !== undefined) {
    const reply = (await deps
      .sendToTab(session.tabId, seekRequest(session.url, seconds))
      .catch(() => null)) as SeekReply | null;
    if (reply?.sought === true) return 'sought';
  }
  const link = pageAtTime(session.url, seconds);
  if (!link) return 'unavailable';
  await deps.openTab(link);
  return 'opened';
}

/** The page's address at a time, for the sites whose addresses say one; null for others. */
export function pageAtTime(address: string, seconds: number): string | null {
  const url = URL.parse(address);
  if (url?.protocol !== 'https:') return null;
  const host = url.hostname.replace(/^(www|m)\./, '');
  const video =
    host === 'youtu.be'
      ? url.pathname.slice(1)
      : host === 'youtube.com' && url.pathname === '/watch'
        ? url.searchParams.get('v')
        : null;
  if (!video) return null;
  url.searchParams.set('t', `${Math.max(0, Math.floor(seconds))}s`);
  return url.href;
}
