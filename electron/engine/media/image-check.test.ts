import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageLimits } from '../../../shared/catalog/types';
import { checkImage } from './image-check';
import { makeSampleImages } from './test-images';
import type { SampleImages } from './test-images';

// APIXO wan-2-7-image's documented limits (seed 003).
const APIXO: ImageLimits = {
  formats: ['jpeg', 'png', 'bmp', 'webp'],
  minSide: 240,
  maxSide: 8000,
  maxAspectRatio: 8,
  maxBytes: 20_000_000,
  alphaAllowed: false,
};

let img: SampleImages;
beforeAll(async () => {
  img = await makeSampleImages();
});
afterAll(async () => {
  await img.cleanup();
});

describe('checkImage', () => {
  it('accepts a JPEG within the limits and returns its bytes, type and hash', async () => {
    const res = await checkImage(img.jpeg, APIXO);
    if (!res.ok) throw new Error(res.issues.join('\n'));
    const bytes = await readFile(img.jpeg);
    expect(res).toMatchObject({ width: 800, height: 600, format: 'jpeg', hasAlpha: false });
    expect(res.image.mime).toBe('image/jpeg');
    expect(res.image.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(res.image.bytes.equals(bytes)).toBe(true);
  });

  it('reads BMP dimensions, which sharp cannot', async () => {
    const res = await checkImage(img.bmp, APIXO);
    expect(res).toMatchObject({ ok: true, width: 320, height: 240, format: 'bmp' });
  });

  it('names the file and the rule for each broken limit', async () => {
    const cases: [string, RegExp][] = [
      [img.pngAlpha, /alpha\.png: has an alpha channel/],
      [img.tiny, /tiny\.png: is 100x100 px; each side must be at least 240 px/],
      [img.wide, /wide\.png: has aspect ratio 10:1; at most 8:1/],
      [img.gif, /anim\.gif: format GIF is not accepted \(accepted: JPEG, PNG, BMP, WEBP\)/],
      [img.notImage, /notes\.png: is not an image Genloom can read/],
      [join(img.dir, 'missing.png'), /missing\.png: file not found/],
      [img.dir, /is a folder, not an image file/],
    ];
    for (const [path, rule] of cases) {
      const res = await checkImage(path, APIXO);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.issues.join('\n')).toMatch(rule);
    }
  });

  it('reports the byte limit and lists every problem of one file', async () => {
    const res = await checkImage(img.wide, { ...APIXO, maxBytes: 100, maxSide: 1000 });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.issues).toEqual([
        expect.stringMatching(/wide\.png: is 2000x200 px; each side must be at least 240 px/),
        expect.stringMatching(/wide\.png: is 2000x200 px; each side must be at most 1000 px/),
        expect.stringMatching(/wide\.png: has aspect ratio 10:1/),
        expect.stringMatching(/wide\.png: is \d+(\.\d)? KB; at most 100 bytes is accepted/),
      ]);
    }
  });

  it('lets alpha through where the model allows it', async () => {
    const res = await checkImage(img.pngAlpha, { formats: ['png'], alphaAllowed: true });
    expect(res).toMatchObject({ ok: true, hasAlpha: true, format: 'png' });
  });
});
