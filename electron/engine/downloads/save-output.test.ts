import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { IMMEDIATE_RETRY, createHttp } from '../http';
import type { Http } from '../http';
import { readPngText } from './png-text';
import { guessExt, saveOutput } from './save-output';
import type { SaveOutputOptions } from './save-output';
import { HOST_TAG } from './temp-path';

let png: Buffer;
let server: Server;
let base: string;
let http: Http;
let root: string;
let hits = 0;

beforeAll(async () => {
  png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#00ff00' } })
    .png()
    .toBuffer();
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/gone.png') return void res.writeHead(410).end();
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  hits = 0;
  http = createHttp();
  root = mkdtempSync(join(tmpdir(), 'genloom-save-'));
});
afterEach(async () => {
  await http.close();
  rmSync(root, { recursive: true, force: true });
});

function opts(over: Partial<SaveOutputOptions> = {}): SaveOutputOptions {
  return {
    http,
    url: `${base}/files/abc.png?sig=1`,
    type: 'image',
    root,
    template: '{batch}/{input}-{index}.{ext}',
    collision: 'suffix',
    vars: {
      batch: 'Spring',
      input: 'shoes/cat.jpg',
      index: 1,
      model: 'm',
      date: 0,
      provider: 'poyo',
      task: 't1',
    },
    sidecar: {
      provider: 'poyo',
      model: 'seedream',
      remoteTaskId: 'r-1',
      taskId: 't1',
      batchId: 'b1',
      batchName: 'Spring',
      prompt: 'a green square',
      seed: 3,
      params: { prompt: 'a green square', size: '1:1' },
      inputs: [
        { path: '/in/shoes/cat.jpg', relPath: 'shoes/cat.jpg', bytes: 10, sha256: 'in-sha' },
      ],
      cost: { estimated: 5, actual: 5, currency: 'credits' },
      times: { createdAt: 1, submittedAt: 2, finishedAt: 3 },
    },
    pngText: [{ keyword: 'parameters', text: 'a green square' }],
    retry: IMMEDIATE_RETRY,
    now: () => 4,
    ...over,
  };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('saveOutput', () => {
  it('names, downloads, tags and describes the file; the recorded hash matches the disk', async () => {
    const planned: string[] = [];
    const r = await saveOutput(opts({ onPlanned: (p) => planned.push(p) }));
    const expected = join(root, 'Spring', 'shoes', 'cat-1.png');
    expect(r.path).toBe(expected);
    expect(planned).toEqual([expected]);
    const disk = readFileSync(expected);
    expect(r.sha256).toBe(sha(disk));
    expect(r.bytes).toBe(disk.length);
    expect(readPngText(disk)).toEqual([{ keyword: 'parameters', text: 'a green square' }]);
    expect((await sharp(disk).metadata()).width).toBe(2);
    const side = JSON.parse(readFileSync(`${expected}.json`, 'utf8')) as Record<string, unknown>;
    expect(r.sidecarPath).toBe(`${expected}.json`);
    expect(side).toMatchObject({
      provider: 'poyo',
      remoteTaskId: 'r-1',
      params: { size: '1:1' },
      inputs: [{ sha256: 'in-sha' }],
      cost: { actual: 5, currency: 'credits' },
      times: { downloadedAt: 4 },
      output: { file: 'cat-1.png', sha256: r.sha256, bytes: r.bytes },
    });
    expect(readdirSync(join(root, 'Spring', 'shoes')).sort()).toEqual([
      'cat-1.png',
      'cat-1.png.json',
    ]);
  });

  it('adds a suffix on collision, skips when asked, and reuses a reserved path', async () => {
    const a = await saveOutput(opts());
    const b = await saveOutput(opts());
    expect(b.path).toBe(join(root, 'Spring', 'shoes', 'cat-1-1.png'));
    const skipped = await saveOutput(opts({ collision: 'skip' }));
    expect(skipped).toMatchObject({ skipped: true, path: a.path, sha256: a.sha256 });
    expect(hits).toBe(2);
    const again = await saveOutput(opts({ reservedPath: a.path }));
    expect(again.path).toBe(a.path);
    expect(existsSync(join(root, 'Spring', 'shoes', 'cat-1-2.png'))).toBe(false);
  });

  it('removes what a dead process left of a reserved path and its sidecar when downloaded again', async () => {
    const a = await saveOutput(opts());
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    // As a process killed mid-save leaves them: this machine's tag, a pid that is gone.
    const stale = join(dirname(a.path), `.cat-1.png.${HOST_TAG}-${dead}-0badc0de.part`);
    const staleSidecar = join(dirname(a.path), `.cat-1.png.json.${HOST_TAG}-${dead}-0badc0de.part`);
    for (const f of [stale, staleSidecar]) writeFileSync(f, 'half a file');
    await saveOutput(opts({ reservedPath: a.path }));
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(staleSidecar)).toBe(false);
  });

  it('refuses a reserved path outside the root', async () => {
    await expect(
      saveOutput(opts({ reservedPath: join(root, '..', 'evil.png') })),
    ).rejects.toMatchObject({
      code: 'path_escape',
    });
  });

  it('fails clearly on an expired URL and leaves nothing behind', async () => {
    mkdirSync(join(root, 'Spring'), { recursive: true });
    writeFileSync(join(root, 'keep.txt'), 'x');
    await expect(saveOutput(opts({ url: `${base}/gone.png` }))).rejects.toMatchObject({
      code: 'url_expired',
    });
    expect(readdirSync(join(root, 'Spring', 'shoes'))).toEqual([]);
  });

  it('guesses the extension from the URL, then from the type', () => {
    expect(guessExt('https://x/a/b.JPG?x=1', 'image')).toBe('jpg');
    expect(guessExt('https://x/a/b', 'video')).toBe('mp4');
    expect(guessExt('not a url', 'image')).toBe('png');
  });
});

describe('saveOutput with an inline (b64_json / data: URL) output', () => {
  it('saves it exactly like a downloaded one: name, PNG text, sha256, sidecar', async () => {
    const url = `data:image/png;base64,${png.toString('base64')}`;
    const r = await saveOutput(opts({ url }));
    const expected = join(root, 'Spring', 'shoes', 'cat-1.png');
    expect(r.path).toBe(expected);
    const disk = readFileSync(expected);
    expect(r.sha256).toBe(sha(disk));
    expect(r.bytes).toBe(disk.length);
    expect(readPngText(disk)).toEqual([{ keyword: 'parameters', text: 'a green square' }]);
    expect((await sharp(disk).metadata()).width).toBe(2);
    expect(hits).toBe(0);
    const side = JSON.parse(readFileSync(`${expected}.json`, 'utf8')) as {
      output: Record<string, unknown>;
    };
    expect(side.output).toMatchObject({ file: 'cat-1.png', sha256: r.sha256, bytes: r.bytes });
    // The sidecar says where the file came from without repeating the whole file in base64.
    expect(side.output.sourceUrl).toBe(`data:image/png;base64,(${png.length} bytes inline)`);
    expect(readdirSync(join(root, 'Spring', 'shoes')).sort()).toEqual([
      'cat-1.png',
      'cat-1.png.json',
    ]);
  });

  it('takes the extension from the data URL type', async () => {
    const jpeg = await sharp(png).jpeg().toBuffer();
    const r = await saveOutput(opts({ url: `data:image/jpeg;base64,${jpeg.toString('base64')}` }));
    expect(r.path).toBe(join(root, 'Spring', 'shoes', 'cat-1.jpg'));
    expect(readFileSync(r.path).equals(jpeg)).toBe(true);
    expect(guessExt('data:image/webp;base64,AAAA', 'image')).toBe('webp');
    expect(guessExt('data:video/mp4;base64,AAAA', 'video')).toBe('mp4');
  });

  it('refuses a data URL that is not valid base64, with a clear code', async () => {
    await expect(
      saveOutput(opts({ url: 'data:image/png;base64,@@not*base64@@' })),
    ).rejects.toMatchObject({ code: 'inline_invalid' });
    expect(readdirSync(join(root, 'Spring', 'shoes'))).toEqual([]);
  });
});
