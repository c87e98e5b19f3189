// The renderer's one way to main: typed call() and subscribe() over whichever transport is
// present: the preload's window.genloom in the desktop app, else a WebSocket to the browser
// bridge, authenticated with the token from the page URL. The socket client settles a call
// by what happened to it: sent and lost is "may or may not have run", never sent is "not
// sent" and dropped; nothing is ever re-sent (a batch is money).
import type { Channel, Input, Output } from '../../../shared/ipc/contract';
import type { Envelope, ErrorCode, Issue } from '../../../shared/ipc/envelope';
import type { EventName, EventPayload } from '../../../shared/ipc/events';
import {
  bridgeDownloadUrl,
  bridgeMediaUrl,
  bridgeUploadUrl,
  desktopMediaUrl,
} from '../../../shared/ipc/media-url';
import type { GenloomPreloadApi } from '../../../shared/ipc/names';
import { socketTransport } from './socket-transport';
import type { ConnectionState, Transport } from './socket-transport';

export type { ConnectionState } from './socket-transport';
export { MAYBE_RAN_MESSAGE, NOT_SENT_MESSAGE } from './socket-transport';

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
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      transport = socketTransport({
        url: `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`,
        open: (url) => new WebSocket(url),
      });
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

/**
 * The bridge URL that saves a local file as a download (the browser has no Open with the
 * system's app); null in the desktop app, which opens files itself.
 */
export function downloadUrl(path: string): string | null {
  return current().kind === 'preload' ? null : bridgeDownloadUrl(path, token);
}

/** Where the bridge takes one file a browser hands over (drop id groups one drop's files). */
export function uploadUrl(drop: string, name: string): string | null {
  return current().kind === 'preload' ? null : bridgeUploadUrl(token, drop, name);
}

export const api = { call, subscribe, onConnectionChange, mediaUrl, transportKind };

// Browser tests drive the real client through the page (opened with ?e2e=1). It adds no
// power: any script this page runs could import the module anyway, and the CSP admits none.
// (Unit tests import this module under Node, where there is no location.)
if (typeof location !== 'undefined' && new URLSearchParams(location.search).get('e2e') === '1') {
  window.genloomApi = api;
}
