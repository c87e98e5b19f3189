// Thumbnails through the real guard, sharp and disk: sizes, the on-disk cache, refusals.
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bridgeMediaUrl,
  desktopMediaUrl,
  pathFromMediaPathname,
  thumbWidthFrom,
} from '../../../shared/ipc/media-url';
import { createMediaGuard } from '../media-guard';
import { parseRange } from './range';
import { createMediaFiles } from './thumbnail';
import type { MediaFiles } from './thumbnail';

let root: string;
let allowed: string;
let thumbs: string;
let media: MediaFiles;

async function png(file: string, width: number, height: number): Promise<string> {
  await sharp({ create: { width, height, channels: 3, background: '#3a7' } })
    .png()
    .toFile(file);
  return file;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'genloom-thumbs-'));
  allowed = path.join(root, 'outputs');
  thumbs = path.join(root, 'home', 'thumbs');
  await import('node:fs/promises').then((fs) => fs.mkdir(allowed, { recursive: true }));
  media = createMediaFiles({ guard: createMediaGuard([allowed]), dir: thumbs });
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('media thumbnails', () => {
  it('fits a wide image inside w x w as webp, keeping its aspect', async () => {
    const file = await png(path.join(allowed, 'wide.png'), 1200, 600);
    const answer = await media.resolve(file, '256');
    if (!answer.ok) throw new Error(answer.message);
    expect(answer).toMatchObject({ variant: 'thumbnail', contentType: 'image/webp' });
    expect(answer.path.startsWith(thumbs + path.sep)).toBe(true);
    const meta = await sharp(answer.path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 128]);
    expect(answer.bytes).toBe((await stat(answer.path)).size);
  });

  it('never enlarges a small image', async () => {
    const file = await png(path.join(allowed, 'small.png'), 100, 80);
    const answer = await media.resolve(file, '512');
    if (!answer.ok) throw new Error(answer.message);
    const meta = await sharp(answer.path).metadata();
    expect([meta.width, meta.height]).toEqual([100, 80]);
  });

  it('makes a thumbnail once and serves the same file after, until the image changes', async () => {
    const file = await png(path.join(allowed, 'a.png'), 800, 800);
    const [first, twin] = await Promise.all([
      media.resolve(file, '128'),
      media.resolve(file, '128'),
    ]);
    const again = await media.resolve(file, '128');
    if (!first.ok || !twin.ok || !again.ok) throw new Error('no thumbnail');
    expect(twin.path).toBe(first.path);
    expect(again.path).toBe(first.path);
    const made = (await stat(first.path)).mtimeMs;
    expect((await stat(again.path)).mtimeMs).toBe(made);
    expect(await filesUnder(thumbs)).toHaveLength(1);

    const other = await media.resolve(file, '256');
    expect(other.ok && other.path).not.toBe(first.path);

    // A new version of the image (other size and time) gets its own thumbnail.
    await png(file, 400, 200);
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const changed = await media.resolve(file, '128');
    if (!changed.ok) throw new Error(changed.message);
    expect(changed.path).not.toBe(first.path);
    const meta = await sharp(changed.path).metadata();
    expect([meta.width, meta.height]).toEqual([128, 64]);
  });

  it('remakes the thumbnail when an image is replaced by one of the same byte size', async () => {
    // Uncompressed PNGs of the same dimensions have the same length whatever their colour:
    // only the modification time tells the two versions apart.
    const solid = (background: string) =>
      sharp({ create: { width: 128, height: 128, channels: 3, background } })
        .png({ compressionLevel: 0, adaptiveFiltering: false })
        .toBuffer();
    const [red, blue] = await Promise.all([solid('#f00'), solid('#00f')]);
    expect(blue.length).toBe(red.length);
    const file = path.join(allowed, 'same-size.png');
    await writeFile(file, red);
    await utimes(file, new Date(1_700_000_000_000), new Date(1_700_000_000_000));
    const first = await media.resolve(file, '64');
    if (!first.ok) throw new Error(first.message);
    await writeFile(file, blue);
    await utimes(file, new Date(1_700_000_100_000), new Date(1_700_000_100_000));
    const second = await media.resolve(file, '64');
    if (!second.ok) throw new Error(second.message);
    expect(second.path).not.toBe(first.path);
    const { data } = await sharp(second.path).raw().toBuffer({ resolveWithObject: true });
    // Blue now, not the cached red (webp is lossy: compare the channels roughly).
    expect(data[2]).toBeGreaterThan(200);
    expect(data[0]).toBeLessThan(50);
  });

  it('serves the original without w, and a video whole even with w', async () => {
    const file = await png(path.join(allowed, 'b.png'), 300, 300);
    expect(await media.resolve(file, null)).toMatchObject({
      ok: true,
      path: file,
      variant: 'original',
      contentType: 'image/png',
    });
    const video = path.join(allowed, 'clip.mp4');
    await writeFile(video, Buffer.alloc(2048, 1));
    expect(await media.resolve(video, '256')).toMatchObject({
      ok: true,
      path: video,
      variant: 'original',
      contentType: 'video/mp4',
      bytes: 2048,
    });
    expect(await filesUnder(thumbs)).toHaveLength(0);
  });

  it('still refuses files outside the allowed folders, before any work', async () => {
    const outside = await png(path.join(root, 'secret.png'), 300, 300);
    expect(await media.resolve(outside, '256')).toMatchObject({ ok: false, status: 403 });
    expect(await media.resolve(path.join(allowed, 'missing.png'), '256')).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await media.resolve(`${allowed}/../secret.png`, '256')).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await filesUnder(thumbs)).toHaveLength(0);
  });

  it('refuses a bad width with 400 naming the rule', async () => {
    const file = await png(path.join(allowed, 'c.png'), 300, 300);
    for (const bad of ['0', '63', '1025', 'abc', '12.5', '-100', '', '256px']) {
      const answer = await media.resolve(file, bad);
      expect(answer, bad).toMatchObject({ ok: false, status: 400 });
      if (!answer.ok)
        expect(answer.message).toMatch(/w must be a whole number of pixels from 64 to 1024/);
    }
    expect(await media.resolve(file, '64')).toMatchObject({ ok: true, variant: 'thumbnail' });
    expect(await media.resolve(file, '1024')).toMatchObject({ ok: true, variant: 'thumbnail' });
  });

  it('answers 422 for a damaged image instead of crashing', async () => {
    const file = path.join(allowed, 'broken.png');
    await writeFile(file, 'not a png at all');
    expect(await media.resolve(file, '256')).toMatchObject({ ok: false, status: 422 });
    expect(await filesUnder(thumbs)).toHaveLength(0);
  });

  it.each([
    ['/proc/x', () => '/proc/x/thumbs'],
    ['a path under a file', () => path.join(allowed, 'wide.png', 'thumbs')],
  ])(
    'serves the original at once when the thumbnail folder cannot be created (%s)',
    async (_, thumbDir) => {
      // Node 20's recursive mkdir spins forever on /proc/x (GENLOOM_HOME=/proc/x).
      const file = await png(path.join(allowed, 'wide.png'), 1200, 600);
      const stuck = createMediaFiles({ guard: createMediaGuard([allowed]), dir: thumbDir() });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'hung'>((resolve) => {
        timer = setTimeout(() => resolve('hung'), 3000);
      });
      const answer = await Promise.race([stuck.resolve(file, '256'), late]);
      clearTimeout(timer);
      expect(answer).toEqual({
        ok: true,
        path: file,
        contentType: 'image/png',
        bytes: (await stat(file)).size,
        variant: 'original',
      });
    },
  );
});

describe('byte ranges', () => {
  it('reads the forms a video element sends', () => {
    expect(parseRange(undefined, 1000)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseRange('bytes=100-199', 1000)).toEqual({ kind: 'partial', start: 100, end: 199 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('refuses ranges past the end and answers odd ones with the whole file', () => {
    expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=500-100', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-1,5-9', 1000)).toEqual({ kind: 'whole' });
    expect(parseRange('items=0-1', 1000)).toEqual({ kind: 'whole' });
  });
});

describe('media URLs', () => {
  it('add the thumbnail width, and the path still reads back', () => {
    const file = '/home/ana/out/a b?.png';
    const desktop = new URL(desktopMediaUrl(file, 256));
    expect(desktop.searchParams.get('w')).toBe('256');
    expect(pathFromMediaPathname(desktop.pathname)).toBe(file);
    expect(new URL(desktopMediaUrl(file)).searchParams.has('w')).toBe(false);
    const bridge = new URL(bridgeMediaUrl(file, 't/k', 512), 'http://127.0.0.1:1');
    expect(bridge.searchParams.get('token')).toBe('t/k');
    expect(bridge.searchParams.get('w')).toBe('512');
    expect(pathFromMediaPathname(bridge.pathname, '/media/')).toBe(file);
  });

  it('read the width: absent is the full file; out of range or not a number is refused', () => {
    expect(thumbWidthFrom(null)).toEqual({ ok: true, width: null });
    expect(thumbWidthFrom('64')).toEqual({ ok: true, width: 64 });
    expect(thumbWidthFrom('1024')).toEqual({ ok: true, width: 1024 });
    for (const bad of ['', '63', '1025', '2e2', '0x100', ' 256', '256.0']) {
      expect(thumbWidthFrom(bad), bad).toMatchObject({ ok: false });
    }
  });
});
