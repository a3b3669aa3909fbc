import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../utils/error-sentences';
import type { ExtensionStatus } from '../utils/messaging/protocol';

export type StatusState =
  | { kind: 'loading' }
  | { kind: 'ready'; status: ExtensionStatus }
  | { kind: 'failed'; sentence: string };

/**
 * Loads the background's status once when the page opens (or once `loadStatus` is given: null
 * while what it needs is not known yet). Pass a stable function: each new one loads again.
 */
export function useExtensionStatus(
  loadStatus: (() => Promise<ExtensionStatus>) | null,
): StatusState {
  const [state, setState] = useState<StatusState>({ kind: 'loading' });
  useEffect(() => {
    if (!loadStatus) return;
    let current = true;
    loadStatus().then(
      (status) => current && setState({ kind: 'ready', status }),
      (error: unknown) => current && setState({ kind: 'failed', sentence: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [loadStatus]);
  return state;
}
