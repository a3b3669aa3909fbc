import type { Badge } from './badge';
import { type Port, parseToWorker, STATUS_PORT, type ToView, VIEW_PORT } from './recording-channel';
import type { RecordingState } from './recording-state';

interface ConnectEvents {
  addListener(listener: (port: Port) => void): void;
}

/**
 * The worker's end of the owner's ports. The owner's status port feeds the badge (and the
 * captions, which are drawn when a recording goes live), and closing
 * while a recording runs means the owner died with it (Chrome closes the port within a second).
 * A view that connects when no owner exists is told so at once and let go (the worker ignores
 * views' ports otherwise: closing one would close the view's port to the owner too).
 */
export function listenToOwner({
  onConnect,
  isOwnPage,
  ownerExists,
  badge,
  followers,
  now,
}: {
  onConnect: ConnectEvents;
  isOwnPage: (port: Port) => boolean;
  ownerExists: () => Promise<boolean>;
  badge: Badge;
  /** Others in the worker that act on each state (the captions). */
  followers: { recordingState(state: RecordingState): Promise<void> }[];
  now: () => number;
}) {
  onConnect.addListener((port) => {
    if (port.name === VIEW_PORT) {
      void ownerExists().then((exists) => {
        if (exists) return;
        port.postMessage({ type: 'no-recording' } satisfies ToView);
        port.disconnect();
      });
      return;
    }
    if (port.name !== STATUS_PORT || !isOwnPage(port)) return;
    port.onMessage.addListener((raw: unknown) => {
      const message = parseToWorker(raw);
      if (!message) return;
      void badge.show(message.state);
      for (const follower of followers) void follower.recordingState(message.state);
    });
    // After a deliberate close the last state was an end, which `ownerGone` leaves alone.
    port.onDisconnect.addListener(() => void badge.ownerGone(now()));
  });
}
