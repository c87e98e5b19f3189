// The renderer's one way to main: typed call() and subscribe() over whichever transport is
// present: the preload's window.genloom in the desktop app, else a WebSocket to the browser
// bridge, authenticated with the token from the page URL. A call in flight when the socket
// drops is rejected, never re-sent: it may already have run (a batch is money).
import type { Channel, Input, Output } from '../../../shared/ipc/contract';
import type { Envelope, ErrorCode, Issue } from '../../../shared/ipc/envelope';
import type { EventName, EventPayload } from '../../../shared/ipc/events';
import { bridgeMediaUrl, desktopMediaUrl } from '../../../shared/ipc/media-url';
import type { GenloomPreloadApi } from '../../../shared/ipc/names';

declare global {
  interface Window {
    genloom?: GenloomPreloadApi;
    genloomApi?: typeof api;
  }
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];
  constructor(code: ErrorCode, message: string, issues: Issue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Transport {
  readonly kind: 'preload' | 'socket';
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

function preloadTransport(bridge: GenloomPreloadApi): Transport {
  return {
    kind: 'preload',
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (event, listener) => bridge.on(event, listener),
    // IPC cannot drop while the window lives.
    onConnection: (listener) => {
      listener('open');
      return () => undefined;
    },
  };
}

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

function socketTransport(token: string): Transport {
  const pending = new Map<number, (envelope: unknown) => void>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryMs = 250;

  const setState = (state: ConnectionState): void => {
    for (const listener of connectionListeners) listener(state);
  };

  const connect = (): void => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`);
    socket = ws;
    setState('connecting');
    ws.onopen = () => {
      retryMs = 250;
      setState('open');
      for (const message of queue.splice(0)) ws.send(message);
    };
    ws.onmessage = (event) => {
      const message = parseServerMessage(event.data);
      if (message?.type === 'result') {
        pending.get(message.id)?.(message.envelope);
        pending.delete(message.id);
      } else if (message?.type === 'event') {
        for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, settle] of pending) {
        pending.delete(id);
        settle({
          ok: false,
          error: {
            code: 'not_available',
            message: 'the connection to Genloom was lost; the call may or may not have run',
          },
        });
      }
      setState('closed');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    kind: 'socket',
    invoke(channel, input) {
      const id = nextId++;
      const text = JSON.stringify({ type: 'call', id, channel, input });
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
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
  };
}

/** The bridge token: from ?token= in the page URL, kept for reloads of the same tab. */
function bridgeToken(): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('genloom.token', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('genloom.token') ?? '';
}

let transport: Transport | null = null;
let token = '';

function current(): Transport {
  if (transport === null) {
    if (window.genloom) {
      transport = preloadTransport(window.genloom);
    } else {
      token = bridgeToken();
      transport = socketTransport(token);
    }
  }
  return transport;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

/** Calls a contract channel; resolves with its output or throws an ApiError. */
export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const envelope = await current().invoke(channel, input);
  if (!isEnvelope(envelope)) {
    throw new ApiError('internal', `${channel}: main answered outside the envelope`);
  }
  if (!envelope.ok) {
    throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.issues ?? []);
  }
  return envelope.value as Output<C>;
}

/** Listens to a contract event; returns the unsubscribe function. */
export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return current().on(event, (payload) => listener(payload as EventPayload<E>));
}

/** Connection changes (the bridge socket); after a reconnect, refetch what is shown. */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  return current().onConnection(listener);
}

/**
 * A URL the page can show a local image or video from (main decides whether it is served);
 * with `width`, an image thumbnail that fits inside width x width.
 */
export function mediaUrl(path: string, width?: number): string {
  return current().kind === 'preload'
    ? desktopMediaUrl(path, width)
    : bridgeMediaUrl(path, token, width);
}

export function transportKind(): 'preload' | 'socket' {
  return current().kind;
}

export const api = { call, subscribe, onConnectionChange, mediaUrl, transportKind };

// Browser tests drive the real client through the page (opened with ?e2e=1). It adds no
// power: any script this page runs could import the module anyway, and the CSP admits none.
if (new URLSearchParams(location.search).get('e2e') === '1') window.genloomApi = api;
