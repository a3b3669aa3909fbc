import { useState } from 'preact/hooks';
import type { ErrorCode } from '../utils/errors';

/** Where focus goes once the page is drawn again: a `data-focus-key`, then a fallback one. */
export type FocusTarget = [key: string, fallback?: string];

interface StoreWriteOptions {
  /** Reads what is saved and draws it again. */
  refresh(): Promise<void>;
  focusAfterRender(key: string, fallback?: string): void;
}

/**
 * A page's writes to its store, each of which may fail (a full disk, a database closed by
 * another page). Whether or not one worked, the page is drawn again from what is saved, never
 * from what was hoped for; a failure stays as `failure`, for the page's alert, until the next
 * write is tried.
 */
export function useStoreWrite({ refresh, focusAfterRender }: StoreWriteOptions) {
  const [failure, setFailure] = useState<ErrorCode | null>(null);

  /** Runs `run`; then `settle` with whether it worked, which says where focus goes after. */
  const write = async (
    failed: ErrorCode,
    run: () => Promise<void>,
    settle: (done: boolean) => FocusTarget | undefined,
  ): Promise<void> => {
    setFailure(null);
    let done = false;
    try {
      await run();
      done = true;
    } catch (error) {
      console.error(error);
      setFailure(failed);
    }
    const focus = settle(done);
    await refresh().catch((error: unknown) => console.error(error));
    if (focus) focusAfterRender(...focus);
  };

  return { failure, write };
}
