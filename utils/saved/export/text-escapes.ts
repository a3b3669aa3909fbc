/**
 * Times and text as each export format needs them written: what would end a cue, open a tag or
 * start a link in one format is harmless in another, so each has its own rule.
 */

/** HH:MM:SS plus milliseconds after `separator` (`,` for SubRip, `.` for WebVTT). */
export function timestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const ms = totalMs % 1000;
  const totalSeconds = Math.floor(totalMs / 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor((totalSeconds % 3600) / 60))}:${pad(totalSeconds % 60)}${separator}${pad(ms, 3)}`;
}

/** H:MM:SS or M:SS, for people. */
export function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A cue or a line must not break: a blank line ends a SubRip or WebVTT cue. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `&`, `<` and `>` are markup in cue text (and `-->` must never appear in it). */
export function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * SubRip has no escapes, and players render the tags they know (`<b>`, `<font>`, ASS's `{\an8}`):
 * words that look like markup get look-alike characters instead, and an arrow that would read
 * as a timing line becomes one arrow.
 */
export function neutraliseSrt(text: string): string {
  return text.replace(/-->/g, '→').replace(/</g, '‹').replace(/>/g, '›').replace(/\{\\/g, '｛\\');
}

/**
 * Characters Markdown would read as formatting, links or HTML; `&` only where it would start a
 * character reference.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|~])|&(?=#?[a-z0-9]+;)/gi, (match) => `\\${match}`);
}

/**
 * The page's address: a link only for http(s), written as the URL standard serialises it (so it
 * holds no `<`, `>` or space that could end the autolink); any other scheme (`data:`,
 * `javascript:`, `file:`) is shown as code, which Markdown never turns into a link or HTML.
 */
export function markdownAddress(address: string): string {
  const url = URL.parse(address);
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return `<${url.href}>`;
  return codeSpan(oneLine(address));
}

/** Text as a Markdown code span: fenced by one more backtick than the longest run inside. */
function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = /^`|`$/.test(text) ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}
