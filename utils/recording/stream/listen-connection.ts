// The SDK's own live-listen v1 client, from its `@deepgram/sdk/listen/v1` entry: the root entry's
// `DeepgramClient` reaches every REST and WebSocket client the SDK has (agent, speak, manage…),
// and its class getters keep them all in the bundle (≈150 KB minified); this one is ≈40 KB.
import { V1Client } from '@deepgram/sdk/listen/v1';

/**
 * One Deepgram live-listen WebSocket, as the stream needs it; `connectWithSdk` makes one with
 * @deepgram/sdk. The stream takes a connector as an argument, so its tests pass a fake.
 */
export interface ListenConnection {
  sendAudio(pcm: Int16Array): void;
  sendKeepAlive(): void;
  /** Asks Deepgram to settle the words it has heard so far. */
  sendFinalize(): void;
  sendCloseStream(): void;
  close(): void;
}

export interface ListenHandlers {
  onMessage(message: { type: string }): void;
  /** The connection ended, after it opened. */
  onClose(code: number, reason: string): void;
}

/** Opens a connection with a Deepgram token; rejects when the handshake fails. */
export type ListenConnector = (
  token: string,
  handlers: ListenHandlers,
  query: ListenQuery,
) => Promise<ListenConnection>;

/** Deepgram's live-listen query: one string per parameter, or a list for a repeated one. */
export type ListenQuery = Record<string, string | string[]>;

/** A refused handshake, with Deepgram's HTTP status where the client can see it. */
export class HandshakeRefused extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'HandshakeRefused';
  }
}

/** The HTTP status of a refused handshake, or null where it is not known (always, in a browser). */
export function handshakeStatus(error: unknown): number | null {
  return error instanceof HandshakeRefused ? error.status : null;
}

/** How long a handshake may take before the stream gives up on it. */
const CONNECT_TIMEOUT_SECONDS = 10;

/**
 * @param listenUrl Deepgram's live endpoint, e.g. `wss://api.deepgram.com/v1/listen` (the build's
 *   `WXT_DEEPGRAM_LISTEN_URL`); the SDK wants the origin and adds `/v1/listen` itself.
 */
export function connectWithSdk(listenUrl: string): ListenConnector {
  const baseUrl = new URL(listenUrl).origin;
  return async (token, handlers, query) => {
    // `auth: false`: the socket authenticates by its subprotocol, not by the REST auth provider.
    const client = new V1Client({ baseUrl, auth: false });
    const { model, ...rest } = query;
    const socket = await client.connect({
      model: String(model),
      // Every other parameter as given, a list repeated (`keyterm=a&keyterm=b`): the generated
      // client's named parameters would JSON-encode a list.
      queryParams: rest,
      // A browser's WebSocket cannot send headers: Deepgram takes the token as the `bearer`
      // subprotocol (its DeepgramClient does this translation; this client is given it). Node's
      // `ws`, which the integration tests run, sends the same.
      protocols: ['bearer', token],
      // Required by its type; a header, which only Node sends.
      Authorization: `Bearer ${token}`,
      // Its own reconnect would replay this token, which expires; a new connection gets a new one.
      reconnectAttempts: 0,
      connectionTimeoutInSeconds: CONNECT_TIMEOUT_SECONDS,
    });
    await new Promise<void>((resolve, reject) => {
      let opened = false;
      let lastError = '';
      socket.on('open', () => {
        opened = true;
        resolve();
      });
      socket.on('message', (message) => handlers.onMessage(message as { type: string }));
      socket.on('close', (event) => {
        if (opened) handlers.onClose(event.code, event.reason);
        // A refused handshake shows in a browser only as a close (1006) without an open; under
        // Node an error names the HTTP status ("Unexpected server response: 401"), and the SDK
        // reports it just after the close: read it a moment later.
        else {
          setTimeout(() => {
            const status = /server response: (\d{3})/.exec(lastError)?.[1];
            reject(
              new HandshakeRefused(
                status ? Number(status) : null,
                `Deepgram refused the connection (${status ?? event.code})`,
              ),
            );
          }, 0);
        }
      });
      socket.on('error', (error) => {
        // Always followed by a close, which settles what happened.
        lastError = error.message;
      });
      // Not `socket.connect()`: this client's socket is already connecting (it opens on a later
      // task, after these handlers are set), and the generated connect() would add its
      // listeners to the socket a second time, so every message and close would come twice
      // (DeepgramClient's wrapper removes the duplicates; this client has none).
    });
    // The generated socket's close() reports a close (1000) to the handler synchronously, which
    // may close again: once is enough (DeepgramClient's wrapper guards the same way).
    let closed = false;
    return {
      sendAudio: (pcm) => socket.sendMedia(pcm),
      sendKeepAlive: () => socket.sendKeepAlive({ type: 'KeepAlive' }),
      sendFinalize: () => socket.sendFinalize({ type: 'Finalize' }),
      sendCloseStream: () => socket.sendCloseStream({ type: 'CloseStream' }),
      close: () => {
        if (closed) return;
        closed = true;
        socket.close();
      },
    };
  };
}
