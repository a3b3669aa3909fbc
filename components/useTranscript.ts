import { useEffect, useState } from 'preact/hooks';
import type { Events, TranscriptView } from '../utils/messaging/protocol';

export interface TranscriptClient {
  get(): Promise<TranscriptView>;
  onChange(listener: (delta: Events['transcript.changed']) => void): () => void;
}

const EMPTY: TranscriptView = { sessionId: null, tabId: null, segments: [], interim: null };

/**
 * The offscreen document's transcript, kept current: a snapshot when the page opens, then the
 * deltas it announces. Deltas carry segment indexes, so one that arrives before the snapshot, or
 * twice, changes nothing; a gap (a missed delta) fetches a fresh snapshot.
 */
export function useTranscript(client: TranscriptClient): TranscriptView {
  const [view, setView] = useState<TranscriptView>(EMPTY);
  useEffect(() => {
    let current = true;
    const refresh = () =>
      client.get().then(
        (snapshot) => current && setView(snapshot),
        () => undefined,
      );
    const unsubscribe = client.onChange((delta) => {
      setView((known) => {
        if (known.sessionId !== delta.sessionId) {
          void refresh();
          return known;
        }
        const first = delta.appended[0]?.index ?? known.segments.length;
        if (first > known.segments.length) {
          void refresh();
          return known;
        }
        const fresh = delta.appended.filter((segment) => segment.index >= known.segments.length);
        return { ...known, segments: [...known.segments, ...fresh], interim: delta.interim };
      });
    });
    void refresh();
    return () => {
      current = false;
      unsubscribe();
    };
  }, [client]);
  return view;
}
