import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IMMEDIATE_RETRY, createHttp } from '../http';
import type { Http } from '../http';
import { DownloadError, download, tempPathFor } from './download';
import { HOST_TAG } from './temp-path';

// A real loopback HTTP server standing in for a provider's file host.
const BODY = randomBytes(64 * 1024 + 123);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const SHA = sha(BODY);

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let handler: Handler;
let requests: IncomingMessage[] = [];
let server: Server;
let base: string;
let http: Http;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  requests = [];
  pendingCut = null;
  http = createHttp({ connectionsPerOrigin: 2 });
  dir = mkdtempSync(join(tmpdir(), 'genloom-dl-'));
});
afterEach(async () => {
  await http.close();
  rmSync(dir, { recursive: true, force: true });
});

function full(res: ServerResponse, ranges = false): void {
  res.writeHead(200, {
    'content-length': BODY.length,
    'content-type': 'image/png',
    ...(ranges ? { 'accept-ranges': 'bytes', etag: '"v1"' } : {}),
  });
  res.end(BODY);
}

let pendingCut: (() => void) | null = null;

/**
 * Promises a full body, sends part of it, then kills the connection: at once, or (with
 * `afterClientHasIt`) once the client reports it has stored those bytes, so the resume
 * offset is the same on every run.
 */
function cutShort(res: ServerResponse, at: number, ranges = false, afterClientHasIt = false): void {
  res.writeHead(200, {
    'content-length': BODY.length,
    ...(ranges ? { 'accept-ranges': 'bytes', etag: '"v1"' } : {}),
  });
  const cut = (): void => void res.socket?.destroy();
  res.write(BODY.subarray(0, at), () => {
    if (afterClientHasIt) pendingCut = cut;
    else cut();
  });
}

/** Progress hook that performs a pending cut once `at` bytes are on the client's disk. */
function cutWhenStored(at: number) {
  return (bytes: number): void => {
    if (bytes >= at && pendingCut) {
      const cut = pendingCut;
      pendingCut = null;
      cut();
    }
  };
}

function partial(req: IncomingMessage, res: ServerResponse): void {
  const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1]);
  res.writeHead(206, {
    'content-length': BODY.length - start,
    'content-range': `bytes ${start}-${BODY.length - 1}/${BODY.length}`,
    'accept-ranges': 'bytes',
  });
  res.end(BODY.subarray(start));
}

const leftovers = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.part'));
const run = (name = 'out.png', extra = {}) =>
  download({
    url: `${base}/f`,
    target: join(dir, 'sub', name),
    http,
    retry: IMMEDIATE_RETRY,
    ...extra,
  });

describe('download', () => {
  it('streams the file into place with its size, sha256 and progress', async () => {
    handler = (_req, res) => full(res);
    const seen: [number, number | null][] = [];
    const r = await run('out.png', {
      onProgress: (b: number, t: number | null) => seen.push([b, t]),
    });
    expect(r).toMatchObject({
      bytes: BODY.length,
      sha256: SHA,
      attempts: 1,
      resumed: false,
      contentType: 'image/png',
    });
    expect(sha(readFileSync(r.path))).toBe(SHA);
    expect(seen.at(-1)).toEqual([BODY.length, BODY.length]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.png']); // no temp file left
  });

  it('retries a truncated body (short of Content-Length) and restarts without Range support', async () => {
    handler = (_req, res, n) => (n === 1 ? cutShort(res, 1000) : full(res));
    const r = await run();
    expect(r).toMatchObject({ sha256: SHA, bytes: BODY.length, attempts: 2, resumed: false });
    expect(requests[1]?.headers.range).toBeUndefined();
  });

  it('resumes a dropped download with Range when the server accepts ranges', async () => {
    handler = (req, res, n) => (n === 1 ? cutShort(res, 40_000, true, true) : partial(req, res));
    const r = await run('out.png', { onProgress: cutWhenStored(40_000) });
    expect(r).toMatchObject({ sha256: SHA, bytes: BODY.length, resumed: true, attempts: 2 });
    expect(requests[1]?.headers.range).toBe('bytes=40000-');
    expect(requests[1]?.headers['if-range']).toBe('"v1"');
    expect(sha(readFileSync(r.path))).toBe(SHA);
  });

  it('does not take a range that ends early for the whole file: it asks again for the rest', async () => {
    // The resume is answered with a well-formed 206 that stops 1000 bytes in: the body ends
    // cleanly, short of the Content-Range total, and only the third request completes it.
    const shortRange = (req: IncomingMessage, res: ServerResponse): void => {
      const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1]);
      const end = start + 999;
      res.writeHead(206, {
        'content-length': 1000,
        'content-range': `bytes ${start}-${end}/${BODY.length}`,
        'accept-ranges': 'bytes',
      });
      res.end(BODY.subarray(start, end + 1));
    };
    handler = (req, res, n) =>
      n === 1
        ? cutShort(res, 40_000, true, true)
        : n === 2
          ? shortRange(req, res)
          : partial(req, res);
    const r = await run('out.png', { onProgress: cutWhenStored(40_000) });
    expect(requests.map((req) => req.headers.range)).toEqual([
      undefined,
      'bytes=40000-',
      'bytes=41000-',
    ]);
    expect(r).toMatchObject({ sha256: SHA, bytes: BODY.length, resumed: true, attempts: 3 });
    expect(sha(readFileSync(r.path))).toBe(SHA);
  });

  it('starts over when a server ignores the Range header and sends the whole file', async () => {
    handler = (_req, res, n) => (n === 1 ? cutShort(res, 30_000, true, true) : full(res, true));
    const r = await run('out.png', { onProgress: cutWhenStored(30_000) });
    expect(requests[1]?.headers.range).toBe('bytes=30000-');
    expect(r).toMatchObject({ sha256: SHA, bytes: BODY.length, resumed: false });
  });

  it('retries a 503 and then succeeds', async () => {
    handler = (_req, res, n) => (n === 1 ? res.writeHead(503).end('busy') : full(res));
    expect((await run()).sha256).toBe(SHA);
  });

  for (const status of [403, 404, 410]) {
    it(`turns HTTP ${status} into url_expired at once, leaving no file`, async () => {
      handler = (_req, res) => res.writeHead(status).end('gone');
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DownloadError);
      expect(err).toMatchObject({ code: 'url_expired', httpStatus: status });
      expect((err as Error).message).toMatch(/result link expired before it could be downloaded/);
      expect(requests).toHaveLength(1);
      expect(existsSync(join(dir, 'sub', 'out.png'))).toBe(false);
      expect(readdirSync(join(dir, 'sub'))).toEqual([]);
    });
  }

  it('gives up on a body that is always cut short with code truncated', async () => {
    handler = (_req, res) => cutShort(res, 500);
    const err = await run().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'truncated' });
    expect(requests).toHaveLength(IMMEDIATE_RETRY.maxAttempts);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });

  it('refuses a body above maxBytes without retrying', async () => {
    handler = (_req, res) => full(res);
    await expect(run('out.png', { maxBytes: 1000 })).rejects.toMatchObject({ code: 'too_large' });
    expect(requests).toHaveLength(1);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 100), () => ac.abort());
    };
    await expect(run('out.png', { signal: ac.signal })).rejects.toMatchObject({ code: 'aborted' });
    expect(requests).toHaveLength(1);
  });

  it('replaces an existing target atomically', async () => {
    handler = (_req, res) => full(res);
    const first = await run();
    writeFileSync(first.path, 'old');
    const again = await run();
    expect(sha(readFileSync(again.path))).toBe(SHA);
    expect(leftovers()).toEqual([]);
  });
});

describe('temporary download names', () => {
  it('are unique per process and per call, and name this machine and process', () => {
    const a = tempPathFor(join(dir, 'out.png'));
    const b = tempPathFor(join(dir, 'out.png'));
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`/\\.out\\.png\\.${HOST_TAG}-${process.pid}-[0-9a-f]{8}\\.part$`));
  });

  it('stay short for a long target name', () => {
    const name = `${'猫'.repeat(78)}.png`;
    const tmp = tempPathFor(join(dir, name));
    expect(Buffer.byteLength(tmp.slice(dir.length + 1))).toBeLessThanOrEqual(100);
  });

  it('left behind by a process that died are removed on the next write; a live one is kept', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const other = HOST_TAG === 'abcdef' ? '123456' : 'abcdef';
    const sub = join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    const deadOurs = join(sub, `.out.png.${HOST_TAG}-${dead}-0badc0de.part`);
    const live = join(sub, `.out.png.${HOST_TAG}-${process.pid}-0badc0de.part`);
    const elsewhere = join(sub, `.out.png.${other}-${dead}-00c0ffee.part`);
    for (const f of [deadOurs, live, elsewhere]) writeFileSync(f, 'x');
    const old = new Date(Date.now() - 60 * 60_000);
    utimesSync(live, old, old);
    handler = (_req, res) => full(res);
    await run();
    // Another machine's pid means nothing here: its recent file waits until it is stale.
    expect(readdirSync(sub).sort()).toEqual(
      [basename(elsewhere), basename(live), 'out.png'].sort(),
    );
  });

  it('let two writers of one target never share a temp file: both finish, the file is whole', async () => {
    // The server holds both bodies until both requests arrived, so the writes overlap.
    const waiting: ServerResponse[] = [];
    handler = (_req, res) => {
      waiting.push(res);
      if (waiting.length === 2) for (const r of waiting) full(r);
    };
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.sha256).toBe(SHA);
    expect(b.sha256).toBe(SHA);
    expect(sha(readFileSync(join(dir, 'sub', 'out.png')))).toBe(SHA);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.png']);
  });
});

describe('inline (data: URL) outputs', () => {
  it('are written atomically with their size, sha256 and type', async () => {
    const r = await download({
      url: `data:image/png;base64,${BODY.toString('base64')}`,
      target: join(dir, 'sub', 'in.png'),
      http,
    });
    expect(r).toMatchObject({ bytes: BODY.length, sha256: SHA, contentType: 'image/png' });
    expect(sha(readFileSync(r.path))).toBe(SHA);
    expect(requests).toHaveLength(0);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['in.png']);
  });

  it('accept base64 wrapped over lines and refuse what is over maxBytes', async () => {
    const wrapped = BODY.toString('base64').replace(/(.{76})/g, '$1\n');
    const r = await download({
      url: `data:image/png;base64,${wrapped}`,
      target: join(dir, 'w.png'),
      http,
    });
    expect(r.sha256).toBe(SHA);
    await expect(
      download({
        url: `data:image/png;base64,${BODY.toString('base64')}`,
        target: join(dir, 'big.png'),
        http,
        maxBytes: 1000,
      }),
    ).rejects.toMatchObject({ code: 'too_large' });
  });
});
