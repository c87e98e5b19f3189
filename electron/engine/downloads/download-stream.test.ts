// download's streaming path: PNG text put in as the bytes arrive (PngTextStream), the file's
// size and hash taken on the way, the companion (sidecar) written beside it, and the folder
// fsync shared by concurrent renames. Against a real loopback server, like download.test.ts.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IMMEDIATE_RETRY, createHttp } from '../http';
import type { Http } from '../http';
import { download } from './download';
import { PngTextStream, insertPngText } from './png-text';
import { syncDir } from './sidecar';

const BODY = Buffer.from('not a png, just bytes of some video '.repeat(2000));
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const SHA = sha(BODY);

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let handler: Handler;
let requests: IncomingMessage[] = [];
let server: Server;
let base: string;
let http: Http;
let dir: string;
let pendingCut: (() => void) | null = null;

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
  dir = mkdtempSync(join(tmpdir(), 'genloom-dls-'));
});
afterEach(async () => {
  await http.close();
  rmSync(dir, { recursive: true, force: true });
});

function full(res: ServerResponse): void {
  res.writeHead(200, { 'content-length': BODY.length, 'content-type': 'image/png' });
  res.end(BODY);
}

/** Progress hook that cuts the connection once `at` bytes of the body are taken in. */
function cutWhenStored(at: number) {
  return (bytes: number): void => {
    if (bytes >= at && pendingCut) {
      const cut = pendingCut;
      pendingCut = null;
      cut();
    }
  };
}

const run = (name = 'out.png', extra = {}) =>
  download({
    url: `${base}/f`,
    target: join(dir, 'sub', name),
    http,
    retry: IMMEDIATE_RETRY,
    ...extra,
  });

async function tinyPng(): Promise<Buffer> {
  return sharp({
    create: { width: 4, height: 3, channels: 3, background: { r: 200, g: 10, b: 10 } },
  })
    .png()
    .toBuffer();
}

/** Feeds `input` to a PngTextStream in pieces of the given sizes (cycled); returns its output. */
function streamed(input: Buffer, entries: { keyword: string; text: string }[], sizes: number[]) {
  const s = new PngTextStream(entries);
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < input.length; i++) {
    const n = sizes[i % sizes.length] ?? 1;
    out.push(...s.push(input.subarray(at, at + n)));
    at += n;
  }
  out.push(...s.end());
  return Buffer.concat(out);
}

describe('PngTextStream (the text chunks put in while the file streams)', () => {
  const entries = [
    { keyword: 'parameters', text: 'a red fox' },
    { keyword: 'genloom', text: '{"prompt":"一只红狐狸"}' },
  ];

  it('writes the same bytes as insertPngText, however the file arrives in pieces', async () => {
    const tagged = insertPngText(await tinyPng(), [{ keyword: 'parameters', text: 'old' }]);
    // The second file already has a "parameters" chunk: it is replaced, not kept twice.
    for (const png of [await tinyPng(), tagged]) {
      const expected = insertPngText(png, entries);
      for (const sizes of [[1], [3, 7], [8], [13, 1, 64], [png.length]]) {
        expect(streamed(png, entries, sizes).equals(expected)).toBe(true);
      }
    }
  });

  it('passes a file that is not a PNG through unchanged, even a short one', () => {
    const mp4 = Buffer.from('\0\0\0\x18ftypisom and the rest of a video');
    expect(streamed(mp4, entries, [2, 5]).equals(mp4)).toBe(true);
    expect(streamed(Buffer.from('GIF'), entries, [1]).toString()).toBe('GIF');
  });

  it('refuses at the end a PNG cut short, as insertPngText does', async () => {
    const cut = (await tinyPng()).subarray(0, 40);
    expect(() => streamed(cut, entries, [5])).toThrow(/runs past the end|no IEND/);
  });

  it('refuses a bad keyword before a byte is written', () => {
    expect(() => new PngTextStream([{ keyword: ' x', text: 'y' }])).toThrow(/keyword/);
  });
});

describe('download with PNG text and a companion', () => {
  it('puts PNG text in while streaming, also across a resume; size and hash are the file on disk', async () => {
    const png = await sharp({
      create: { width: 64, height: 64, channels: 3, background: '#336699' },
    })
      .png()
      .toBuffer();
    const text = [{ keyword: 'parameters', text: 'a blue square' }];
    const cut = Math.floor(png.length / 2);
    handler = (req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-length': png.length, 'accept-ranges': 'bytes' });
        res.write(png.subarray(0, cut), () => (pendingCut = () => void res.socket?.destroy()));
        return;
      }
      const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1]);
      res.writeHead(206, {
        'content-length': png.length - start,
        'content-range': `bytes ${start}-${png.length - 1}/${png.length}`,
      });
      res.end(png.subarray(start));
    };
    const r = await run('out.png', { pngText: text, onProgress: cutWhenStored(cut) });
    expect(r).toMatchObject({ resumed: true, attempts: 2 });
    expect(requests[1]?.headers.range).toBe(`bytes=${cut}-`);
    const onDisk = readFileSync(r.path);
    expect(onDisk.equals(insertPngText(png, text))).toBe(true);
    expect(r.bytes).toBe(onDisk.length);
    expect(r.sha256).toBe(sha(onDisk));
    expect((await sharp(onDisk).metadata()).comments).toEqual(text);
  });

  it('passes a file that is not a PNG through unchanged when asked for PNG text', async () => {
    handler = (_req, res) => full(res);
    const r = await run('out.mp4', { pngText: [{ keyword: 'parameters', text: 'x' }] });
    expect(r).toMatchObject({ bytes: BODY.length, sha256: SHA });
    expect(sha(readFileSync(r.path))).toBe(SHA);
  });

  it('writes a companion file beside the target from the size and hash of the file', async () => {
    handler = (_req, res) => full(res);
    const r = await run('out.png', {
      companion: (f: { bytes: number; sha256: string; contentType: string | null }) => ({
        path: join(dir, 'sub', 'out.png.json'),
        text: JSON.stringify(f),
      }),
    });
    expect(r.companionPath).toBe(join(dir, 'sub', 'out.png.json'));
    expect(JSON.parse(readFileSync(join(dir, 'sub', 'out.png.json'), 'utf8'))).toEqual({
      bytes: BODY.length,
      sha256: SHA,
      contentType: 'image/png',
    });
    expect(readdirSync(join(dir, 'sub')).sort()).toEqual(['out.png', 'out.png.json']);
  });

  it('leaves neither the file nor its companion when the download fails', async () => {
    handler = (_req, res) => res.writeHead(404).end();
    const err = await run('out.png', {
      companion: () => ({ path: join(dir, 'sub', 'out.png.json'), text: '{}' }),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'url_expired' });
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });
});

describe('syncDir', () => {
  it('gives callers that arrive together one folder fsync, and a later caller a new one', async () => {
    const a = syncDir(dir);
    const b = syncDir(dir);
    expect(b).toBe(a);
    await Promise.all([a, b]);
    const c = syncDir(dir);
    expect(c).not.toBe(a);
    await c;
  });

  it('ends for a folder that cannot be synced (a file system that refuses, a folder gone)', async () => {
    await expect(syncDir(join(dir, 'missing'))).resolves.toBeUndefined();
  });
});
