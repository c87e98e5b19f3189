import { describe, expect, it } from 'vitest';
import { ratioHundredths } from './apixo-wan-27-parts';
import { estimateCost, findModel, pollingFor } from './index';
import { expectIssue, expectValid, issuesOf, textOfLength } from './test-helpers';

type Case = [name: string, input: Record<string, unknown>, expected: 'valid' | [string, string]];

const IMG = 'https://example.com/base.png';
const base = { mode: 'omni-image', prompt: 'a panda in snow' };
const pro = { ...base, mode: 'omni-image-pro' };
const palette = (...ratios: string[]) =>
  ratios.map((ratio, index) => ({ hex: `#00000${index}`, ratio }));
const FOUR_K = '4k needs mode omni-image-pro, no image_urls and enable_sequential off';

const cases: Case[] = [
  ['the quickstart request', { ...pro, resolution: '2k', num_images: 1 }, 'valid'],
  [
    'mode missing',
    { prompt: 'p' },
    ['mode', 'is required; must be one of omni-image, omni-image-pro'],
  ],
  [
    'mode unknown',
    { ...base, mode: 'turbo' },
    ['mode', 'must be one of omni-image, omni-image-pro'],
  ],
  ['prompt missing', { mode: 'omni-image' }, ['prompt', 'is required']],
  ['prompt empty', { ...base, prompt: '' }, ['prompt', 'must not be empty']],
  ['prompt of 5000 characters', { ...base, prompt: textOfLength(5000) }, 'valid'],
  [
    'prompt of 5001 characters',
    { ...base, prompt: textOfLength(5001) },
    ['prompt', 'at most 5000'],
  ],
  ['resolution 1k', { ...base, resolution: '1k' }, 'valid'],
  ['resolution 8k', { ...base, resolution: '8k' }, ['resolution', 'must be one of 1k, 2k, 4k']],
  ['4k with pro, text only', { ...pro, resolution: '4k', enable_sequential: false }, 'valid'],
  ['4k with omni-image', { ...base, resolution: '4k' }, ['resolution', FOUR_K]],
  ['4k with images', { ...pro, resolution: '4k', image_urls: [IMG] }, ['resolution', FOUR_K]],
  [
    '4k with sequential',
    { ...pro, resolution: '4k', enable_sequential: true },
    ['resolution', FOUR_K],
  ],
  ['num_images 4', { ...base, num_images: 4 }, 'valid'],
  [
    'num_images 5',
    { ...base, num_images: 5 },
    ['num_images', 'from 1 to 4 (1 to 12 with enable_sequential on) (got 5)'],
  ],
  ['num_images 12, sequential', { ...base, num_images: 12, enable_sequential: true }, 'valid'],
  [
    'num_images 13, sequential',
    { ...base, num_images: 13, enable_sequential: true },
    ['num_images', 'from 1 to 12 with enable_sequential on (got 13)'],
  ],
  ['num_images 0', { ...base, num_images: 0 }, ['num_images', 'whole number']],
  ['num_images fractional', { ...base, num_images: 1.5 }, ['num_images', 'whole number']],
  ['9 images', { ...base, image_urls: Array<string>(9).fill(IMG) }, 'valid'],
  [
    '10 images',
    { ...base, image_urls: Array<string>(10).fill(IMG) },
    ['image_urls', 'must hold 1 to 9 images (it holds 10)'],
  ],
  ['empty image list', { ...base, image_urls: [] }, ['image_urls', 'must hold 1 to 9 images']],
  [
    'the documented edit request',
    { ...base, resolution: '2k', image_urls: [IMG, IMG], bbox_list: [[[120, 180, 360, 420]], []] },
    'valid',
  ],
  [
    'two boxes on one image',
    {
      ...base,
      image_urls: [IMG],
      bbox_list: [
        [
          [0, 0, 10, 10],
          [5, 5, 20, 20],
        ],
      ],
    },
    'valid',
  ],
  [
    'bbox_list without images',
    { ...base, bbox_list: [[[0, 0, 10, 10]]] },
    ['bbox_list', 'needs image_urls'],
  ],
  [
    'bbox_list shorter than images',
    { ...base, image_urls: [IMG, IMG], bbox_list: [[]] },
    ['bbox_list', 'one entry per image in image_urls (2 images, 1 entry)'],
  ],
  [
    'bbox_list longer than images',
    { ...base, image_urls: [IMG], bbox_list: [[], []] },
    ['bbox_list', '(1 image, 2 entries)'],
  ],
  [
    'three boxes on one image',
    {
      ...base,
      image_urls: [IMG],
      bbox_list: [
        [
          [0, 0, 1, 1],
          [0, 0, 1, 1],
          [0, 0, 1, 1],
        ],
      ],
    },
    ['bbox_list.0', 'at most 2 boxes per image (it has 3)'],
  ],
  [
    'a box of three numbers',
    { ...base, image_urls: [IMG], bbox_list: [[[0, 0, 1]]] },
    ['bbox_list.0.0', 'four numbers [x1, y1, x2, y2]'],
  ],
  [
    'a box with text',
    { ...base, image_urls: [IMG], bbox_list: [[[0, 0, 'a', 1]]] },
    ['bbox_list.0.0.2', 'four numbers'],
  ],
  [
    'an inverted box',
    { ...base, image_urls: [IMG], bbox_list: [[[50, 50, 10, 10]]] },
    ['bbox_list.0.0', 'x1 < x2'],
  ],
  [
    'bbox_list not a list',
    { ...base, image_urls: [IMG], bbox_list: 'box' },
    ['bbox_list', 'one list of boxes per image'],
  ],
  [
    'palette of 3 adding to 100%',
    { ...base, color_palette: palette('23.50%', '26.50%', '50%') },
    'valid',
  ],
  [
    'palette of 10',
    { ...base, color_palette: palette(...Array<string>(10).fill('10.00%')) },
    'valid',
  ],
  [
    'palette of 2',
    { ...base, color_palette: palette('50%', '50%') },
    ['color_palette', 'must hold 3 to 10 colours (it holds 2)'],
  ],
  [
    'palette of 11',
    { ...base, color_palette: palette(...Array<string>(11).fill('9.09%')) },
    ['color_palette', 'must hold 3 to 10 colours (it holds 11)'],
  ],
  [
    'palette adding to 90%',
    { ...base, color_palette: palette('30%', '30%', '30%') },
    ['color_palette', 'ratios must add up to 100.00% (they add up to 90.00%)'],
  ],
  [
    'palette adding to 100.01%',
    { ...base, color_palette: palette('33.34%', '33.34%', '33.33%') },
    ['color_palette', '(they add up to 100.01%)'],
  ],
  [
    'palette with sequential',
    { ...base, enable_sequential: true, color_palette: palette('20%', '30%', '50%') },
    ['color_palette', 'only available with enable_sequential off'],
  ],
  [
    'palette hex without #',
    { ...base, color_palette: [{ hex: 'C2D1E6', ratio: '20%' }, ...palette('30%', '50%')] },
    ['color_palette.0.hex', 'colour like "#C2D1E6"'],
  ],
  [
    'palette ratio as a number',
    { ...base, color_palette: [{ hex: '#C2D1E6', ratio: 20 }, ...palette('30%', '50%')] },
    ['color_palette.0.ratio', 'percentage text like "25.00%"'],
  ],
  [
    'palette ratio 0%',
    { ...base, color_palette: palette('0%', '50%', '50%') },
    ['color_palette.0.ratio', 'above 0%'],
  ],
  [
    'palette colour with an extra key',
    {
      ...base,
      color_palette: [{ hex: '#C2D1E6', ratio: '20%', name: 'sky' }, ...palette('30%', '50%')],
    },
    ['color_palette.0.name', 'a colour accepts: hex, ratio'],
  ],
  ['watermark and seed', { ...base, watermark: true, seed: 42 }, 'valid'],
  ['watermark as text', { ...base, watermark: 'yes' }, ['watermark', 'must be true or false']],
  ['seed too large', { ...base, seed: 2147483648 }, ['seed', 'from 0 to 2147483647']],
  [
    'a PoYo field name',
    { ...base, n: 2 },
    ['n', 'unknown field, this model accepts: mode, prompt'],
  ],
];

describe('apixo/wan-2-7-image', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    if (expected === 'valid') expectValid('apixo', 'wan-2-7-image', input);
    else expectIssue('apixo', 'wan-2-7-image', input, expected[0], expected[1]);
  });

  it('says which 4k condition fails', () => {
    const issues = issuesOf('apixo', 'wan-2-7-image', {
      ...base,
      resolution: '4k',
      image_urls: [IMG],
      enable_sequential: true,
    });
    expect(issues.find((issue) => issue.field === 'resolution')?.message).toContain(
      'here mode is omni-image, image_urls is given, enable_sequential is on',
    );
  });

  it('reads ratios exactly to the hundredth', () => {
    expect(ratioHundredths('23.5%')).toBe(2350);
    expect(ratioHundredths('100.00%')).toBe(10000);
    expect(ratioHundredths('7%')).toBe(700);
    expect(ratioHundredths('7')).toBeNull();
    expect(ratioHundredths('7.125%')).toBeNull();
  });
});

describe('apixo wan-2-7-image price and polling', () => {
  const entry = findModel('apixo', 'wan-2-7-image');

  it('bills $0.03 or $0.075 per requested image', () => {
    expect(entry).toBeDefined();
    if (!entry) return;
    expect(estimateCost(entry, base)).toEqual({
      amount: 0.03,
      currency: 'USD',
      basis: '$0.03 x 1 image, omni-image',
    });
    expect(estimateCost(entry, { ...pro, num_images: 4 }).amount).toBe(0.3);
    expect(estimateCost(entry, { ...base, num_images: 12, enable_sequential: true }).amount).toBe(
      0.36,
    );
    expect(entry.outputsPerRequest({ ...base, num_images: 3 })).toBe(3);
  });

  it('polls later for edits and sequential sets, as the page recommends', () => {
    if (!entry) return;
    expect(pollingFor(entry, base).firstPollMs).toBe(10000);
    expect(pollingFor(entry, { ...base, image_urls: [IMG] }).firstPollMs).toBeGreaterThanOrEqual(
      10000,
    );
    expect(pollingFor(entry, { ...base, enable_sequential: true })).toEqual({
      firstPollMs: 15000,
      intervalMs: 10000,
    });
  });

  it('carries the documented input image limits', () => {
    expect(entry?.imageLimits).toMatchObject({
      formats: ['jpeg', 'png', 'bmp', 'webp'],
      minSide: 240,
      maxSide: 8000,
      maxAspectRatio: 8,
      alphaAllowed: false,
    });
  });
});
