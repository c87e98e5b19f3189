// Reading a local media file safely (issue 9, finding 7): the type is checked before the file
// is opened, the size before it is read, the read is bounded, and the image is decoded in full.
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageLimits } from '../../../shared/catalog/types';
import { checkImage, checkImageBytes } from './image-check';
import { readLocalFile } from './local-file';
import { DEV_ZERO, makeFifo, ON_LINUX } from './special-files.testkit';
import { makeSampleImages } from './test-images';
import type { SampleImages } from './test-images';

const LIMITS: ImageLimits = {
  formats: ['jpeg', 'png', 'bmp', 'webp'],
  maxBytes: 20_000_000,
  alphaAllowed: true,
};

let img: SampleImages;
let fifo: string | undefined;
beforeAll(async () => {
  img = await makeSampleImages();
  fifo = makeFifo(img.dir, 'in.png');
});
afterAll(async () => {
  await img.cleanup();
});

async function issuesOf(path: string, limits: ImageLimits = LIMITS): Promise<string> {
  const res = await checkImage(path, limits);
  return res.ok ? 'accepted' : res.issues.join('\n');
}

describe('checkImage on files that are not regular files', () => {
  it.skipIf(!ON_LINUX)(
    'refuses a FIFO by its type, without blocking on it',
    async () => {
      expect(await issuesOf(fifo as string)).toMatch(/in\.png: not a regular file \(a FIFO\)/);
    },
    3000,
  );

  it.skipIf(!ON_LINUX)(
    'refuses a symlink to a FIFO (links are followed to files only)',
    async () => {
      const link = join(img.dir, 'link-to-fifo.png');
      symlinkSync(fifo as string, link);
      expect(await issuesOf(link)).toMatch(/link-to-fifo\.png: not a regular file \(a FIFO\)/);
    },
    3000,
  );

  it.skipIf(DEV_ZERO === undefined)(
    'refuses /dev/zero by its type, without reading it',
    async () => {
      expect(await issuesOf(DEV_ZERO as string)).toBe(
        '/dev/zero: not a regular file (a character device)',
      );
    },
    3000,
  );

  it('follows a symlink to a regular image', async () => {
    const link = join(img.dir, 'link-to-photo.png');
    symlinkSync(img.png, link);
    expect(await issuesOf(link)).toBe('accepted');
  });

  it('names a broken symlink as a missing file', async () => {
    const link = join(img.dir, 'dangling.png');
    symlinkSync(join(img.dir, 'gone.png'), link);
    expect(await issuesOf(link)).toMatch(/dangling\.png: file not found/);
  });
});

describe('checkImage size and decoding', () => {
  it('refuses a file over the cap from its size, before reading a byte', async () => {
    // 4 GB of holes: reading it would take seconds and gigabytes; the size alone decides.
    const big = join(img.dir, 'huge.png');
    writeFileSync(big, '');
    truncateSync(big, 4_000_000_000);
    expect(await issuesOf(big)).toBe(`${big}: is 4000.0 MB; at most 20.0 MB is accepted`);
  }, 3000);

  it('refuses a PNG cut in half although its header is valid', async () => {
    expect(await issuesOf(img.truncatedPng)).toMatch(
      /cut\.png: truncated or corrupt image data \(decode failed\)/,
    );
  });

  it('refuses a JPEG cut in half although its header is valid', async () => {
    expect(await issuesOf(img.truncatedJpeg)).toMatch(
      /cut\.jpg: truncated or corrupt image data \(decode failed\)/,
    );
  });

  it('refuses a BMP whose pixel rows are cut off', async () => {
    expect(await issuesOf(img.truncatedBmp)).toMatch(
      /cut\.bmp: truncated or corrupt image data \(the file ends before its pixel rows\)/,
    );
  });

  it('decodes data URL bytes in full too', async () => {
    const { readFile } = await import('node:fs/promises');
    const res = await checkImageBytes(await readFile(img.truncatedJpeg), 'the data URL', LIMITS);
    expect(res.ok ? 'accepted' : res.issues.join('\n')).toMatch(
      /the data URL: truncated or corrupt image data/,
    );
  });

  it('still accepts whole images of every format', async () => {
    for (const file of [img.png, img.jpeg, img.bmp]) expect(await issuesOf(file)).toBe('accepted');
  });
});

describe('readLocalFile', () => {
  it('reads at most the cap and refuses a file that is larger', async () => {
    const file = join(img.dir, 'bytes.bin');
    writeFileSync(file, Buffer.alloc(1001, 7));
    const over = await readLocalFile(file, { maxBytes: 1000 });
    expect(over).toEqual({
      ok: false,
      issue: `${file}: is 1001 bytes; at most 1000 bytes is accepted`,
    });
    const fits = await readLocalFile(file, { maxBytes: 1001, label: 'bytes.bin' });
    expect(fits.ok && fits.bytes.length).toBe(1001);
  });

  it('names a folder as a folder', async () => {
    expect(await readLocalFile(img.dir, { maxBytes: 10, label: 'imgs' })).toEqual({
      ok: false,
      issue: 'imgs: is a folder, not an image file',
    });
  });
});
