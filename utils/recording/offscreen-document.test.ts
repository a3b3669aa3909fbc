import { describe, expect, it } from 'vitest';
import { createOffscreenDocumentManager } from './offscreen-document';

describe('offscreen document manager', () => {
  it('creates the document once, even when asked by several callers at the same time', async () => {
    const documents: string[] = [];
    const ensure = createOffscreenDocumentManager({
      createDocument: async ({ url, reasons }) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (documents.length > 0)
          throw new Error('Only a single offscreen document may be created.');
        documents.push(`${url} ${reasons.join()}`);
      },
      getContexts: async () => documents,
    });
    await Promise.all([ensure(), ensure(), ensure()]);
    await ensure();
    expect(documents).toEqual(['offscreen.html USER_MEDIA']);
  });
});
