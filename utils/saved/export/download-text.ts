/** Saves text as a file through the browser's downloads, from an extension page. */
export function downloadText(fileName: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  // The download has its own copy by the time this runs.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
