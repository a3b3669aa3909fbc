import { useEffect, useState } from 'preact/hooks';
import type { SessionView } from '../utils/session/session-view';

export interface SessionClient {
  get(): Promise<SessionView>;
  start(tabId: number): Promise<SessionView>;
  stop(): Promise<SessionView>;
  /** Calls back with every change the background announces; returns the unsubscribe function. */
  onChange(listener: (view: SessionView) => void): () => void;
}

/** The session as the background reports it, kept current while the page is open. */
export function useSession(client: SessionClient): SessionView | null {
  const [view, setView] = useState<SessionView | null>(null);
  useEffect(() => {
    const unsubscribe = client.onChange(setView);
    let current = true;
    client.get().then(
      (loaded) => current && setView((known) => known ?? loaded),
      () => undefined,
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [client]);
  return view;
}
