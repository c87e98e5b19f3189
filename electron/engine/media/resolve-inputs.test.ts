// Paths that never touch the network. Uploads through PoYo are covered against the simulator
// in providers/contract-media.test.ts.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModel } from '../../../shared/catalog/index';
import type { ModelEntry } from '../../../shared/catalog/types';
import { APIXO_NEEDS_HOST, limitsFor, resolveImageInputs } from './resolve-inputs';
import { DEV_ZERO, makeFifo, ON_LINUX } from './special-files.testkit';
import { makeSampleImages } from './test-images';
import type { SampleImages } from './test-images';
import { MemoryUploadCache } from './upload-cache';

function entry(provider: string, model: string): ModelEntry {
  const found = findModel(provider, model);
  if (!found) throw new Error(`catalog has no ${provider}/${model}`);
  return found;
}

let img: SampleImages;
let fifo: string | undefined;
beforeAll(async () => {
  img = await makeSampleImages();
  fifo = makeFifo(img.dir, 'in.png');
});
afterAll(async () => {
  await img.cleanup();
});

describe('resolveImageInputs without uploads', () => {
  it('inlines Modelverse images as data URLs and leaves URLs alone', async () => {
    const res = await resolveImageInputs(
      entry('modelverse', 'wan2.7-image'),
      { prompt: 'p', images: [basename(img.png), 'https://example.com/a.jpg'] },
      { clients: {}, uploadCache: new MemoryUploadCache(), baseDir: img.dir },
    );
    const png = await readFile(img.png);
    expect(res).toEqual({
      ok: true,
      input: {
        prompt: 'p',
        images: [`data:image/png;base64,${png.toString('base64')}`, 'https://example.com/a.jpg'],
      },
    });
  });

  it('refuses local images for APIXO when no PoYo client can host them', async () => {
    const res = await resolveImageInputs(
      entry('apixo', 'wan-2-7-image'),
      { mode: 'omni-image', prompt: 'p', image_urls: ['https://example.com/a.jpg', img.jpeg] },
      { clients: {}, uploadCache: new MemoryUploadCache() },
    );
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.issues).toHaveLength(1);
      expect(res.issues[0]?.field).toBe('image_urls.1');
      expect(res.issues[0]?.message).toContain(APIXO_NEEDS_HOST);
    }
  });

  it('passes APIXO input with only URLs through untouched', async () => {
    const input = { mode: 'omni-image', prompt: 'p', image_urls: ['https://example.com/a.jpg'] };
    const res = await resolveImageInputs(entry('apixo', 'wan-2-7-image'), input, {
      clients: {},
      uploadCache: new MemoryUploadCache(),
    });
    expect(res).toEqual({ ok: true, input });
  });

  it('names the field and the file for each image that breaks a rule', async () => {
    const res = await resolveImageInputs(
      entry('modelverse', 'wan2.7-image'),
      { prompt: 'p', images: [img.png, img.notImage, img.png] },
      { clients: {}, uploadCache: new MemoryUploadCache() },
    );
    expect(res).toEqual({
      ok: false,
      issues: [
        { field: 'images.1', message: expect.stringMatching(/notes\.png: is not an image/) },
      ],
    });
  });
});

describe('resolveImageInputs guards every read again at submit', () => {
  const ctx = () => ({ clients: {}, uploadCache: new MemoryUploadCache() });

  it.skipIf(!ON_LINUX || DEV_ZERO === undefined)(
    'refuses a FIFO and /dev/zero by their type, without blocking or reading',
    async () => {
      const res = await resolveImageInputs(
        entry('modelverse', 'wan2.7-image'),
        { prompt: 'p', images: [img.png, fifo, DEV_ZERO] },
        ctx(),
      );
      expect(res).toEqual({
        ok: false,
        issues: [
          { field: 'images.1', message: `${fifo}: not a regular file (a FIFO)` },
          { field: 'images.2', message: '/dev/zero: not a regular file (a character device)' },
        ],
      });
    },
    3000,
  );

  it('refuses a truncated image that passed its header probe', async () => {
    const res = await resolveImageInputs(
      entry('modelverse', 'wan2.7-image'),
      { prompt: 'p', images: [img.truncatedJpeg] },
      ctx(),
    );
    expect(res).toEqual({
      ok: false,
      issues: [
        {
          field: 'images.0',
          message: `${img.truncatedJpeg}: truncated or corrupt image data (decode failed)`,
        },
      ],
    });
  });

  it('hosts local files in every image field the catalog declares, not only the first', async () => {
    const base = entry('modelverse', 'wan2.7-image');
    const withMask: ModelEntry = {
      ...base,
      fields: [...base.fields, { key: 'mask', label: 'Mask', control: 'images' }],
    };
    const res = await resolveImageInputs(
      withMask,
      { prompt: 'p', images: [img.png], mask: img.truncatedPng },
      ctx(),
    );
    expect(res).toEqual({
      ok: false,
      issues: [
        {
          field: 'mask',
          message: `${img.truncatedPng}: truncated or corrupt image data (decode failed)`,
        },
      ],
    });
    const png = (await readFile(img.png)).toString('base64');
    const good = await resolveImageInputs(withMask, { prompt: 'p', mask: img.png }, ctx());
    expect(good).toEqual({
      ok: true,
      input: { prompt: 'p', mask: `data:image/png;base64,${png}` },
    });
  });
});

describe('limitsFor', () => {
  it('narrows a model\u2019s formats to what the PoYo upload takes', () => {
    // APIXO accepts BMP, but its images travel through PoYo's upload, which does not.
    expect(limitsFor(entry('apixo', 'wan-2-7-image')).formats).toEqual(['jpeg', 'png', 'webp']);
    expect(limitsFor(entry('poyo', 'seedream-5.0-lite-edit')).formats).toEqual(['jpeg', 'png']);
    expect(limitsFor(entry('poyo', 'wan-2.7-image')).formats).toEqual([
      'jpeg',
      'png',
      'gif',
      'webp',
    ]);
  });
});
