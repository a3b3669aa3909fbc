import type { Annotations } from '../utils/transcript/annotations';
import type { Segment } from '../utils/transcript/transcript-model';

/**
 * Copy, in the popup and the side panel: the transcript as plain text (as the history page and
 * the plain-text export write it). The export formats' code loads on the first Copy, not with the
 * view, which draws without it.
 */
export async function copyAsPlainText(
  copy: (text: string) => Promise<void>,
  segments: readonly Segment[],
  annotations: Annotations,
): Promise<void> {
  const { transcriptAsPlainText } = await import('../utils/saved/export/transcript-formats');
  await copy(transcriptAsPlainText(segments, annotations));
}
