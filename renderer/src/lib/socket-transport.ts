// The browser bridge's client side: contract calls over one WebSocket, reconnecting when it
// drops. A call is settled by what really happened to it, because a batch is money:
// - answered: its envelope;
// - sent, then the socket dropped before the answer: "may or may not have run", never re-sent;
// - not sent (the socket was down, or the connection attempt it waited for failed): "not
//   sent", and dropped: it is never sent later, so clicking again cannot run it twice.
import type { IpcError } from '../../../shared/ipc/envelope';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Transport {
  readonly kind: 'preload' | 'socket';
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** Method-style, so the browser's own handler types (Event, MessageEvent) fit too. */
type Handler<E> = { handle(event: E): void }['handle'];

/** The part of the browser's WebSocket this client uses (the `ws` package has it too). */
export interface SocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  send(text: string): void;
  close(): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface SocketTransportOptions {
  url: string;
  open: SocketFactory;
  /** First reconnect delay, doubled up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export interface SocketTransport extends Transport {
  /** Stops reconnecting and closes the socket (tests, page unload). */
  close(): void;
}

// WebSocket.readyState values, spelled out: the constructor is not a global everywhere.
const CONNECTING = 0;
const OPEN = 1;

export const NOT_SENT_MESSAGE =
  'not sent: Genloom is not connected right now (reconnecting); nothing ran, try again in a moment';
export const MAYBE_RAN_MESSAGE =
  'the connection to Genloom was lost after the call was sent; it may or may not have run, so check before trying again';

const failure = (error: IpcError) => ({ ok: false, error });
const notSent = () => failure({ code: 'not_available', message: NOT_SENT_MESSAGE });
const maybeRan = () => failure({ code: 'not_available', message: MAYBE_RAN_MESSAGE });

type ServerMessage =
  | { type: 'result'; id: number; envelope: unknown }
  | { type: 'event'; name: string; payload: unknown };

function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return null;
    const message = value as Record<string, unknown>;
    if (message.type === 'result' && typeof message.id === 'number') {
      return { type: 'result', id: message.id, envelope: message.envelope };
    }
    if (message.type === 'event' && typeof message.name === 'string') {
      return { type: 'event', name: message.name, payload: message.payload };
    }
  } catch {
    // Not JSON: ignored, as any message we do not know.
  }
  return null;
}

interface Waiting {
  text: string;
  settle: (envelope: unknown) => void;
}

export function socketTransport(options: SocketTransportOptions): SocketTransport {
  const firstRetryMs = options.retryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 5000;
  /** Sent on the current socket, waiting for their answer. */
  const sent = new Map<number, (envelope: unknown) => void>();
  /** Waiting for the socket being opened; sent when it opens, dropped if it does not. */
  const queued = new Map<number, Waiting>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let retryMs = firstRetryMs;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const setState = (state: ConnectionState): void => {
    for (const listener of connectionListeners) listener(state);
  };

  const connect = (): void => {
    retryTimer = null;
    if (stopped) return;
    const ws = options.open(options.url);
    socket = ws;
    setState('connecting');
    ws.onopen = () => {
      retryMs = firstRetryMs;
      setState('open');
      for (const [id, waiting] of [...queued]) {
        queued.delete(id);
        sent.set(id, waiting.settle);
        ws.send(waiting.text);
      }
    };
    ws.onmessage = (event) => {
      const message = parseServerMessage(event.data);
      if (message?.type === 'result') {
        sent.get(message.id)?.(message.envelope);
        sent.delete(message.id);
      } else if (message?.type === 'event') {
        for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      }
    };
    // A close follows every error, and the close settles the calls.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket === ws) socket = null;
      for (const [id, settle] of [...sent]) {
        sent.delete(id);
        settle(maybeRan());
      }
      for (const [id, waiting] of [...queued]) {
        queued.delete(id);
        waiting.settle(notSent());
      }
      setState('closed');
      if (stopped) return;
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    };
  };
  connect();

  return {
    kind: 'socket',
    invoke(channel, input) {
      const id = nextId++;
      let text: string;
      try {
        text = JSON.stringify({ type: 'call', id, channel, input });
      } catch {
        return Promise.resolve(
          failure({
            code: 'invalid_input',
            message: `${channel}: not sent: the input cannot be written as JSON (too deep, or it refers to itself)`,
          }),
        );
      }
      return new Promise((resolve) => {
        if (socket?.readyState === OPEN) {
          sent.set(id, resolve);
          socket.send(text);
        } else if (socket?.readyState === CONNECTING) {
          // The first calls of a page go out as soon as its socket opens.
          queued.set(id, { text, settle: resolve });
        } else {
          resolve(notSent());
        }
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      stopped = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
