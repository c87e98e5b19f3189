// The browser bridge: the built renderer and the same IPC contract, over HTTP and a WebSocket
// on 127.0.0.1 only. The socket and the media route need the random token printed in the URL;
// a foreign Origin or Host (another site, DNS rebinding) is refused as well. A message is
// measured before it is parsed (size by the socket, depth by a scan of the text), and every
// answer is sent from inside a catch: nothing a page sends can take the process down.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { errEnvelope } from '../../shared/ipc/envelope';
import type { Envelope } from '../../shared/ipc/envelope';
import { MAX_INPUT_DEPTH, MAX_MESSAGE_BYTES, scanMessage } from '../../shared/ipc/limits';
import {
  BRIDGE_MEDIA_PREFIX,
  BRIDGE_UPLOAD_PATH,
  pathFromMediaPathname,
} from '../../shared/ipc/media-url';
import { contentSecurityPolicy } from '../engine/api/csp';
import { dispatch } from '../engine/api/dispatch';
import type { Handlers } from '../engine/api/dispatch';
import type { EventBus } from '../engine/api/event-bus';
import { contentRange, parseRange } from '../engine/media/range';
import type { MediaFiles } from '../engine/media/thumbnail';
import type { Logger } from '../engine/vault/redact';
import { resolveStatic, sendFile } from './static-files';
import { handleUpload } from './upload';

export const BRIDGE_HOST = '127.0.0.1';

export interface BridgeOptions {
  handlers: Handlers;
  bus: EventBus;
  /** Guarded local files and their thumbnails (Host.mediaFiles). */
  media: MediaFiles;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Where files a browser sends (drops, pickers) are stored; no upload route without it. */
  uploadDir?: string;
  /** A fixed token (tests); a random one otherwise. */
  token?: string;
  validateOutput?: boolean;
  log?: Logger;
}

export interface Bridge {
  readonly port: number;
  readonly token: string;
  /** The URL to open: http://127.0.0.1:PORT/?token=... */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time: compares digests, so neither content nor length leaks through timing. */
export function tokenMatches(given: unknown, token: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(token));
}

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function allowedOrigin(origin: string | undefined, port: number): boolean {
  // Non-browser clients send no Origin; browsers always do on a WebSocket handshake.
  return origin === undefined || allowedHosts(port).has(origin.replace(/^http:\/\//, ''));
}

/** Content-Disposition for a download, the name in ASCII and in full (RFC 6266). */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function refuseUpgrade(socket: Socket, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const validateOutput = options.validateOutput ?? false;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  let port = 0;

  const headers = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy({ shell: 'bridge' }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  });

  const fail = (res: ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(message);
  };

  const serveMedia = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!tokenMatches(url.searchParams.get('token'), token)) return fail(res, 403, 'forbidden');
    const requested = pathFromMediaPathname(url.pathname, BRIDGE_MEDIA_PREFIX);
    const file = await options.media.resolve(requested, url.searchParams.get('w'));
    if (!file.ok) return fail(res, file.status, file.message);
    const common: Record<string, string> = {
      ...headers(),
      'Content-Type': file.contentType,
      'Accept-Ranges': 'bytes',
    };
    // ?download=1: the browser saves the file instead of showing it (Open has no app here).
    if (url.searchParams.get('download') === '1') {
      common['Content-Disposition'] = attachment(path.basename(file.path));
    }
    const range = parseRange(req.headers.range, file.bytes);
    if (range.kind === 'unsatisfiable') {
      res.writeHead(416, { ...common, 'Content-Range': contentRange(range, file.bytes) });
      return void res.end();
    }
    const partial = range.kind === 'partial' ? range : null;
    res.writeHead(partial ? 206 : 200, {
      ...common,
      'Content-Length': String(partial ? partial.end - partial.start + 1 : file.bytes),
      ...(partial ? { 'Content-Range': contentRange(partial, file.bytes) } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path, partial ? { start: partial.start, end: partial.end } : {})
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = createServer((req, res) => {
    if (!allowedHosts(port).has(req.headers.host ?? '')) return fail(res, 421, 'wrong host');
    const url = new URL(req.url ?? '/', `http://${BRIDGE_HOST}:${port}`);
    if (url.pathname === BRIDGE_UPLOAD_PATH && options.uploadDir && req.method === 'POST') {
      // A page of another site cannot post here: it has neither our Origin nor the token.
      if (!allowedOrigin(req.headers.origin, port)) return fail(res, 403, 'forbidden');
      if (!tokenMatches(url.searchParams.get('token'), token)) return fail(res, 403, 'forbidden');
      const uploadOptions = { dir: options.uploadDir, headers: headers() };
      handleUpload(req, res, url, uploadOptions).catch(() => res.destroy());
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'method not allowed');
    if (url.pathname.startsWith(BRIDGE_MEDIA_PREFIX)) {
      serveMedia(req, res, url).catch(() => fail(res, 500, 'media could not be read'));
      return;
    }
    resolveStatic(options.rendererDir, url.pathname)
      .then((file) =>
        file === null
          ? fail(res, 404, 'not found')
          : sendFile(res, file, headers(), req.method === 'HEAD'),
      )
      .catch(() => fail(res, 500, 'file could not be read'));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${BRIDGE_HOST}:${port}`);
    if (url.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (!allowedHosts(port).has(req.headers.host ?? '')) {
      return refuseUpgrade(socket, 421, 'Misdirected Request');
    }
    if (!allowedOrigin(req.headers.origin, port)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!tokenMatches(url.searchParams.get('token'), token)) {
      return refuseUpgrade(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  const onConnection = (ws: WebSocket): void => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      answer(ws, isBinary ? null : data.toString()).catch((error: unknown) => {
        options.log?.error('a bridge message could not be answered', { error: String(error) });
      });
    });
  };

  /** The envelope for one text frame, or null when there is no id to answer to. */
  const envelopeFor = async (
    text: string | null,
  ): Promise<{ id: number; envelope: Envelope<unknown> } | null> => {
    if (text === null) return null;
    // Depth first, on the text: JSON.parse itself copes, but zod, JSON.stringify and the
    // handlers recurse, and a few thousand levels overflow the stack.
    const scan = scanMessage(text);
    if (scan.tooDeep) {
      if (scan.id === undefined || !Number.isSafeInteger(scan.id)) return null;
      const rule = `is nested too deep: at most ${MAX_INPUT_DEPTH} levels of objects and lists are allowed`;
      return {
        id: scan.id,
        envelope: errEnvelope('invalid_input', `input ${rule}`, [
          { field: 'input', message: rule },
        ]),
      };
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return null;
    }
    const call = (typeof message === 'object' && message !== null ? message : {}) as Record<
      string,
      unknown
    >;
    const id = call.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null; // nothing to answer to
    if (call.type !== 'call')
      return { id, envelope: errEnvelope('invalid_input', 'type must be "call"') };
    const envelope = await dispatch(
      options.handlers,
      call.channel,
      call.input,
      { shell: 'bridge' },
      { validateOutput, log: options.log },
    );
    return { id, envelope };
  };

  const answer = async (ws: WebSocket, text: string | null): Promise<void> => {
    const result = await envelopeFor(text);
    if (result === null || ws.readyState !== ws.OPEN) return;
    let reply: string;
    try {
      reply = JSON.stringify({ type: 'result', id: result.id, envelope: result.envelope });
    } catch (error) {
      // An answer that cannot be written as JSON (too deep, a cycle): say so instead.
      options.log?.error('a bridge answer could not be written as JSON', { error: String(error) });
      reply = JSON.stringify({
        type: 'result',
        id: result.id,
        envelope: errEnvelope('internal', 'the answer could not be sent over the bridge'),
      });
    }
    ws.send(reply);
  };

  const unsubscribe = options.bus.subscribe((name, payload) => {
    let text: string;
    try {
      text = JSON.stringify({ type: 'event', name, payload });
    } catch (error) {
      // An event that cannot be written is dropped, not thrown back into the engine.
      options.log?.error(`${name} could not be sent over the bridge`, { error: String(error) });
      return;
    }
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, BRIDGE_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${BRIDGE_HOST}:${port}/?token=${encodeURIComponent(token)}`,
    server,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
