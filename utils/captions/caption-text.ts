/**
 * What the captions on the page show: the tail of the live transcript, short enough for two lines
 * of a caption, the settled words first and the unsettled (interim) ones after them, so an interim
 * word appears at once and its final form later takes its place. Pure, so the cut is table-tested.
 */

/** About two caption lines at the widest size; the overlay's box shows the last two lines. */
export const CAPTION_CHARS = 160;

export interface CaptionText {
  settled: string;
  interim: string;
}

export const NO_CAPTION: CaptionText = { settled: '', interim: '' };

/**
 * The last `max` characters of `text`, starting at a word: a caption never opens mid-word. One
 * word longer than the whole caption (a URL read out) keeps its end when `longWordEnd` says so
 * (the newest words must show), and is left out otherwise.
 */
export function tailOf(text: string, max: number, longWordEnd = true): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const from = trimmed.length - max;
  const cut = trimmed.slice(from);
  if (/\s/.test(trimmed[from - 1] ?? '')) return cut;
  const wordStart = cut.search(/\s\S/);
  if (wordStart >= 0) return cut.slice(wordStart + 1);
  return longWordEnd ? cut : '';
}

/** The settled tail after new final words: kept at `max` so a long recording costs nothing more. */
export function settleWords(settledTail: string, appended: readonly string[], max = CAPTION_CHARS) {
  const words = appended.map((text) => text.trim()).filter((text) => text !== '');
  if (words.length === 0) return settledTail;
  return tailOf([settledTail, ...words].filter((text) => text !== '').join(' '), max);
}

/**
 * The caption for a settled tail and the interim words now: the interim words always show, and
 * the settled words fill what is left of `max` (the oldest go first).
 */
export function captionOf(settledTail: string, interim: string | null, max = CAPTION_CHARS) {
  const unsettled = tailOf(interim ?? '', max);
  const room = unsettled === '' ? max : max - unsettled.length - 1;
  return { settled: room > 0 ? tailOf(settledTail, room, false) : '', interim: unsettled };
}

export const sameCaption = (a: CaptionText, b: CaptionText) =>
  a.settled === b.settled && a.interim === b.interim;
