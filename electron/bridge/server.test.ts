// The browser bridge over real sockets: the token, the Origin and Host checks, loopback only,
// a full call round trip, pushed events, static files and media that cannot escape.
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHost, waitFor } from '../engine/api/test-host';
import type { TestHost } from '../engine/api/test-host';
import { startBridge, tokenMatches } from './server';
import type { Bridge } from './server';

let t: TestHost;
let bridge: Bridge;
let rendererDir: string;

beforeAll(async () => {
  t = await startTestHost({ demo: 'on' });
  rendererDir = mkdtempSync(path.join(tmpdir(), 'genloom-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Genloom</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(rendererDir), 'outside.txt'), 'secret');
  bridge = await startBridge({
    handlers: t.host.handlers,
    bus: t.host.bus,
    media: t.host.mediaFiles,
    rendererDir,
    validateOutput: true,
  });
});
afterAll(async () => {
  await bridge?.close();
  await t?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(pathname: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.port, path: pathname, headers },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it once open, or with the HTTP status that refused it. */
function open(query: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws${query}`, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function rpc(ws: WebSocket, id: number, channel: unknown, input: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        id?: number;
        envelope?: unknown;
      };
      if (message.type === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.envelope);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'call', id, channel, input }));
  });
}

describe('browser bridge', () => {
  it('listens on 127.0.0.1 only', async () => {
    const address = bridge.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1', port: bridge.port });
    expect(bridge.url).toBe(
      `http://127.0.0.1:${bridge.port}/?token=${encodeURIComponent(bridge.token)}`,
    );
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a?.address ?? '');
    for (const ip of others) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: ip, port: bridge.port });
        socket.on('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.on('error', () => resolve(true));
      });
      expect(refused, `reachable on ${ip}`).toBe(true);
    }
  });

  it('refuses sockets without the token, with a wrong one, or from another origin', async () => {
    expect(await open('')).toBe(401);
    expect(await open('?token=')).toBe(401);
    expect(await open(`?token=${bridge.token}x`)).toBe(401);
    expect(await open(`?token=${bridge.token.slice(0, -1)}`)).toBe(401);
    const token = `?token=${encodeURIComponent(bridge.token)}`;
    expect(await open(token, { Origin: 'http://evil.example' })).toBe(403);
    expect(await open(token, { Origin: `http://127.0.0.1:${bridge.port + 1}` })).toBe(403);
    expect(await open(token, { Host: `evil.example:${bridge.port}` })).toBe(421);
  });

  it('compares tokens without regard to type or length tricks', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    for (const given of ['ab', 'abcd', '', null, undefined, ['abc'], 42]) {
      expect(tokenMatches(given, 'abc')).toBe(false);
    }
  });

  it('answers calls over the socket and survives junk frames', async () => {
    const ws = await open(`?token=${encodeURIComponent(bridge.token)}`, {
      Origin: `http://127.0.0.1:${bridge.port}`,
    });
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
    ws.send('not json');
    ws.send(Buffer.from([0, 1, 2]), { binary: true });
    ws.send(JSON.stringify({ type: 'call', id: 'x', channel: 'app.info' }));
    ws.send(JSON.stringify({ type: 'other', id: 1 }));
    expect(await rpc(ws, 2, 'app.info', {})).toMatchObject({
      ok: true,
      value: { shell: 'bridge' },
    });
    expect(await rpc(ws, 3, 'batch.get', { batchId: 7 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await rpc(ws, 4, 'nope', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });

    const events: string[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; name?: string };
      if (message.type === 'event' && message.name) events.push(message.name);
    });
    const created = (await rpc(ws, 5, 'batch.create', {
      spec: {
        name: 'socket',
        provider: 'apixo',
        model: 'wan-2-7-image',
        params: { mode: 'omni-image' },
        prompts: { kind: 'text', text: 'a kite' },
        pollMs: 20,
      },
    })) as { ok: boolean };
    expect(created).toMatchObject({ ok: true });
    await waitFor(
      () =>
        events.includes('batch.updated') && events.includes('task.updated') ? true : undefined,
      'events',
    );
    ws.close();
  });

  it('serves the renderer with a strict CSP, and nothing outside it', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    for (const hostile of [
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/..%2f..%2foutside.txt',
      '/%00',
    ]) {
      expect((await get(hostile)).status, hostile).toBe(404);
    }
    expect((await get('/', { Host: 'attacker.example' })).status).toBe(421);
  });

  it('serves media only with the token and only inside the allowed folders', async () => {
    const file = await waitFor(async () => {
      const page = await t.call('history.search', {});
      return page.ok
        ? ((page.value as { items: { path: string }[] }).items[0]?.path ?? undefined)
        : undefined;
    }, 'an output file');
    const url = `/media/${encodeURIComponent(file)}`;
    expect((await get(url)).status).toBe(403);
    const ok = await get(`${url}?token=${encodeURIComponent(bridge.token)}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^image\//);
    const outside = `/media/${encodeURIComponent('/etc/hostname')}?token=${encodeURIComponent(bridge.token)}`;
    expect((await get(outside)).status).toBe(403);
    const dotdot = `/media/${encodeURIComponent(`${path.dirname(file)}/../../../../etc/hostname`)}?token=${encodeURIComponent(bridge.token)}`;
    expect((await get(dotdot)).status).toBe(403);
  });

  it('serves image thumbnails with the token, and refuses a bad width naming the rule', async () => {
    const file = await waitFor(async () => {
      const page = await t.call('history.search', {});
      return page.ok
        ? ((page.value as { items: { path: string }[] }).items[0]?.path ?? undefined)
        : undefined;
    }, 'an output file');
    const url = `/media/${encodeURIComponent(file)}`;
    const token = `token=${encodeURIComponent(bridge.token)}`;
    expect((await get(`${url}?w=128`)).status).toBe(403);
    expect((await get(`${url}?token=wrong&w=128`)).status).toBe(403);
    const thumb = await get(`${url}?${token}&w=128`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(Buffer.from(thumb.body, 'latin1')).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(128);
    const full = await get(`${url}?${token}`);
    expect(Number(thumb.headers['content-length'])).toBeLessThan(
      Number(full.headers['content-length']),
    );
    const bad = await get(`${url}?${token}&w=4096`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/w must be a whole number of pixels from 64 to 1024/);
    const outside = `/media/${encodeURIComponent('/etc/hostname')}?${token}&w=128`;
    expect((await get(outside)).status).toBe(403);
  });

  it('answers byte ranges so a video can seek', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'genloom-video-'));
    try {
      const video = path.join(dir, 'clip.mp4');
      const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
      writeFileSync(video, bytes);
      t.host.media.allow(dir);
      const url = `/media/${encodeURIComponent(video)}?token=${encodeURIComponent(bridge.token)}`;

      const whole = await get(url);
      expect(whole.status).toBe(200);
      expect(whole.headers['accept-ranges']).toBe('bytes');
      expect(whole.headers['content-type']).toBe('video/mp4');
      expect(Buffer.from(whole.body, 'latin1').equals(bytes)).toBe(true);

      const middle = await get(url, { Range: 'bytes=100-199' });
      expect(middle.status).toBe(206);
      expect(middle.headers['content-range']).toBe('bytes 100-199/1000');
      expect(middle.headers['content-length']).toBe('100');
      expect(Buffer.from(middle.body, 'latin1').equals(bytes.subarray(100, 200))).toBe(true);

      const tail = await get(url, { Range: 'bytes=900-' });
      expect(tail.status).toBe(206);
      expect(tail.headers['content-range']).toBe('bytes 900-999/1000');
      expect(Buffer.from(tail.body, 'latin1').equals(bytes.subarray(900))).toBe(true);

      const past = await get(url, { Range: 'bytes=5000-' });
      expect(past.status).toBe(416);
      expect(past.headers['content-range']).toBe('bytes */1000');

      // Without the token a range gets nothing.
      const noToken = `/media/${encodeURIComponent(video)}`;
      expect((await get(noToken, { Range: 'bytes=0-9' })).status).toBe(403);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
