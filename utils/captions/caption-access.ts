import { defineStorageItem } from '../storage-item';

/**
 * Where captions can be drawn. They are drawn with `scripting` into the tab the user invoked
 * Tabscribe on (the `activeTab` grant of the popup or the shortcut); when the tab has moved to
 * another site since, that grant no longer reaches it and the optional host permission below is
 * what would: asked once, from the popup or the side panel, with the reason. Chrome's own pages
 * and the Web Store cannot be scripted by any extension and are not tried.
 */

/** The optional host permission, in the manifest's `optional_host_permissions`. */
export const CAPTION_HOSTS = ['http://*/*', 'https://*/*'];

export type CaptionProblem =
  /** The tab moved to a site the `activeTab` grant does not reach: the permission would. */
  | 'needs_access'
  /** A page no extension may draw on (Chrome's own pages, the Web Store). */
  | 'not_here';

/** The problem of the recording now, for the views to say; null when the captions are drawn. */
export interface CaptionsProblem {
  recordingId: string;
  reason: CaptionProblem;
}

const WEB_STORE_HOSTS = new Set(['chromewebstore.google.com', 'chrome.google.com']);

/**
 * Whether captions may be tried on a page: true for the web and local files, false for the
 * browser's own pages, null when the address is unknown (no grant reaches the tab to read it).
 */
export function mayDrawOn(url: string | undefined): boolean | null {
  if (url === undefined || url === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') return true;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return !WEB_STORE_HOSTS.has(parsed.hostname);
}

/** Why drawing failed on a page that may be drawn on: a missing grant, unless it was there. */
export const whyNotDrawn = (hostAccess: boolean): CaptionProblem =>
  hostAccess ? 'not_here' : 'needs_access';

export const captionsProblemItem = defineStorageItem<CaptionsProblem | null>(
  'session:captions-problem',
  { fallback: null },
);
