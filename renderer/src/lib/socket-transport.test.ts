// The bridge client against a real WebSocket server on 127.0.0.1 that records every call it
// receives: a call is settled by what really happened to it, and a call that was not sent is
// never sent later (a batch created twice is paid twice).
import { afterEach, describe, expect, it } from 'vitest';
import { MAYBE_RAN_MESSAGE, NOT_SENT_MESSAGE, socketTransport } from './socket-transport';
import type { ConnectionState, SocketFactory, SocketTransport } from './socket-transport';

// The `ws` package, loaded by a name TypeScript does not follow: its types would pull Node's
// into the web program, and this test is the only renderer file that runs a server.
interface PeerSocket {
  on(event: 'message', listener: (data: { toString(): string }) => void): void;
  send(text: string): void;
  terminate(): void;
}
interface PeerServer {
  on(event: 'connection', listener: (socket: PeerSocket) => void): void;
  on(event: 'listening', listener: () => void): void;
  address(): { port: number };
  clients: Set<PeerSocket>;
  close(callback: () => void): void;
}
interface WsModule {
  WebSocketServer: new (options: { host: string; port: number }) => PeerServer;
  WebSocket: new (url: string) => ReturnType<SocketFactory>;
}
const WS_MODULE = 'ws';
const loadWs = async (): Promise<WsModule> =>
  (await import(/* @vite-ignore */ WS_MODULE)) as unknown as WsModule;

interface Call {
  id: number;
  channel: string;
}

/** A bridge stand-in: answers every call with {ok: true} unless told to hold it. */
class Peer {
  readonly received: Call[] = [];
  hold = false;
  private server: PeerServer | null = null;
  constructor(private readonly ws: WsModule) {}

  async start(port = 0): Promise<number> {
    const server = new this.ws.WebSocketServer({ host: '127.0.0.1', port });
    this.server = server;
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const call = JSON.parse(data.toString()) as Call;
        this.received.push(call);
        if (!this.hold) {
          socket.send(
            JSON.stringify({
              type: 'result',
              id: call.id,
              envelope: { ok: true, value: call.channel },
            }),
          );
        }
      });
    });
    await new Promise<void>((resolve) => server.on('listening', resolve));
    return server.address().port;
  }

  /** Drops every connection and stops listening: the bridge went away. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of server.clients) socket.terminate();
    await new Promise<void>((resolve) => server.close(resolve));
  }

  dropConnections(): void {
    for (const socket of this.server?.clients ?? []) socket.terminate();
  }
}

let transport: SocketTransport | null = null;
let peers: Peer[] = [];
afterEach(async () => {
  transport?.close();
  transport = null;
  for (const peer of peers) await peer.stop();
  peers = [];
});

async function setup(): Promise<{
  ws: WsModule;
  peer: Peer;
  port: number;
  states: ConnectionState[];
}> {
  const ws = await loadWs();
  const peer = new Peer(ws);
  peers.push(peer);
  const port = await peer.start();
  const states: ConnectionState[] = [];
  transport = socketTransport({
    url: `ws://127.0.0.1:${port}/ws`,
    open: (url) => new ws.WebSocket(url),
    retryMs: 20,
    maxRetryMs: 40,
  });
  transport.onConnection((state) => states.push(state));
  return { ws, peer, port, states };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const invoke = (channel: string) => (transport as SocketTransport).invoke(channel, {});

describe('bridge socket client', () => {
  it('sends the first calls of a page once its socket opens', async () => {
    await setup();
    expect(await invoke('app.info')).toEqual({ ok: true, value: 'app.info' });
  });

  it('fails calls made while the socket is down as "not sent" and never sends them later', async () => {
    const { peer, port, states } = await setup();
    expect(await invoke('app.info')).toMatchObject({ ok: true });
    await peer.stop();
    await until(() => states.at(-1) === 'closed', 'the drop');

    // Down, between attempts: refused at once.
    const downCall = invoke('batch.create');
    // During a reconnect attempt that fails: refused when it fails.
    await until(() => states.at(-1) === 'connecting', 'a reconnect attempt');
    const attemptCall = invoke('batch.create');
    expect(await downCall).toEqual({
      ok: false,
      error: { code: 'not_available', message: NOT_SENT_MESSAGE },
    });
    expect(await attemptCall).toEqual({
      ok: false,
      error: { code: 'not_available', message: NOT_SENT_MESSAGE },
    });

    // The bridge comes back: nothing refused before is sent now.
    const back = new Peer(peer['ws']);
    peers.push(back);
    await back.start(port);
    await until(() => states.at(-1) === 'open', 'the reconnect');
    expect(await invoke('app.info')).toMatchObject({ ok: true });
    expect(back.received.map((c) => c.channel)).toEqual(['app.info']);
  });

  it('answers a call the socket lost after sending it as "may or may not have run", once', async () => {
    const { peer, states } = await setup();
    expect(await invoke('app.info')).toMatchObject({ ok: true });
    peer.hold = true;
    const lost = invoke('batch.create');
    await until(() => peer.received.length === 2, 'the call to arrive');
    peer.dropConnections();
    expect(await lost).toEqual({
      ok: false,
      error: { code: 'not_available', message: MAYBE_RAN_MESSAGE },
    });
    peer.hold = false;
    await until(() => states.at(-1) === 'open', 'the reconnect');
    expect(await invoke('app.info')).toMatchObject({ ok: true });
    expect(peer.received.map((c) => c.channel)).toEqual(['app.info', 'batch.create', 'app.info']);
  });
});
