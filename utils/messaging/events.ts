import type { SendMessage } from './client';
import { type Events, type EventType, eventEnvelope, parseEvent } from './protocol';

/** Sends a notification to whichever extension pages are open; none being open is fine. */
export type Publish = <E extends EventType>(event: E, payload: Events[E]) => void;

export function createPublisher(send: SendMessage): Publish {
  return (event, payload) => {
    // "Receiving end does not exist" only means no page is listening right now.
    send(eventEnvelope(event, payload)).catch(() => undefined);
  };
}

interface MessageEvents {
  addListener(listener: (message: unknown) => undefined): void;
  removeListener(listener: (message: unknown) => undefined): void;
}

/**
 * Calls `handler` for each notification of one type; returns the unsubscribe function. The
 * listener never answers (it returns undefined), so it cannot take a request's reply away from
 * the context that owns it.
 */
export function subscribe<E extends EventType>(
  onMessage: MessageEvents,
  event: E,
  handler: (payload: Events[E]) => void,
): () => void {
  const listener = (message: unknown): undefined => {
    const payload = parseEvent(message, event);
    if (payload !== null) handler(payload);
  };
  onMessage.addListener(listener);
  return () => onMessage.removeListener(listener);
}
