import { describe, expect, it } from 'vitest';
import { estimateCost, findModel } from './index';
import { expectIssue, expectValid, textOfLength } from './test-helpers';

type Case = [name: string, input: Record<string, unknown>, expected: 'valid' | [string, string]];

const URL = 'https://example.com/a.jpg';

const cases: Case[] = [
  ['prompt only', { prompt: 'a cat' }, 'valid'],
  ['prompt missing', { n: 1 }, ['prompt', 'is required']],
  ['prompt empty', { prompt: '   ' }, ['prompt', 'must not be empty']],
  ['prompt of 5000 characters', { prompt: textOfLength(5000) }, 'valid'],
  ['prompt of 5001 characters', { prompt: textOfLength(5001) }, ['prompt', 'at most 5000']],
  ['prompt not text', { prompt: 12 }, ['prompt', 'must be text']],
  ['a size preset', { prompt: 'p', size: '576x1024' }, 'valid'],
  ['custom size object', { prompt: 'p', size: { width: 1280, height: 720 } }, 'valid'],
  ['size text not a preset', { prompt: 'p', size: '1280x720' }, ['size', 'must be one of 512x512']],
  ['size width zero', { prompt: 'p', size: { width: 0, height: 720 } }, ['size.width', 'above 0']],
  [
    'size height fractional',
    { prompt: 'p', size: { width: 1280, height: 720.5 } },
    ['size.height', 'whole number above 0'],
  ],
  ['size height missing', { prompt: 'p', size: { width: 1280 } }, ['size.height', 'whole number']],
  [
    'size with an extra key',
    { prompt: 'p', size: { width: 1, height: 1, depth: 2 } },
    ['size.depth', 'unknown field, size accepts: width, height'],
  ],
  ['n 1', { prompt: 'p', n: 1 }, 'valid'],
  ['n 4', { prompt: 'p', n: 4 }, 'valid'],
  ['n 0', { prompt: 'p', n: 0 }, ['n', 'must be a whole number from 1 to 4']],
  ['n 5', { prompt: 'p', n: 5 }, ['n', 'must be a whole number from 1 to 4 (got 5)']],
  ['n 2.5', { prompt: 'p', n: 2.5 }, ['n', 'whole number from 1 to 4']],
  ['n as text', { prompt: 'p', n: 'two' }, ['n', 'whole number from 1 to 4 (got the text "two")']],
  ['seed', { prompt: 'p', seed: 24680 }, 'valid'],
  ['seed negative', { prompt: 'p', seed: -1 }, ['seed', 'whole number from 0 to 2147483647']],
  ['seed not a number', { prompt: 'p', seed: true }, ['seed', 'whole number']],
  ['edit with 1 image', { prompt: 'p', image_urls: [URL] }, 'valid'],
  ['edit with 4 images', { prompt: 'p', image_urls: [URL, URL, URL, URL] }, 'valid'],
  ['edit with 0 images', { prompt: 'p', image_urls: [] }, ['image_urls', '1 to 4 images']],
  [
    'edit with 5 images',
    { prompt: 'p', image_urls: [URL, URL, URL, URL, URL] },
    ['image_urls', 'must hold 1 to 4 images (it holds 5)'],
  ],
  ['image_urls not a list', { prompt: 'p', image_urls: URL }, ['image_urls', 'given as a list']],
  ['unknown field', { prompt: 'p', quality: 'hd' }, ['quality', 'unknown field']],
];

describe.each(['wan-2.7-image', 'wan-2.7-image-pro'])('poyo/%s', (model) => {
  it.each(cases)('%s', (_name, input, expected) => {
    if (expected === 'valid') expectValid('poyo', model, input);
    else expectIssue('poyo', model, input, expected[0], expected[1]);
  });

  it.each(['512x512', '1024x1024', '768x1024', '1024x768', '576x1024', '1024x576'])(
    'accepts the size preset %s',
    (size) => {
      expectValid('poyo', model, { prompt: 'p', size });
    },
  );

  it('names the accepted fields when a field is unknown', () => {
    expectIssue(
      'poyo',
      model,
      { prompt: 'p', steps: 3 },
      'steps',
      'unknown field, this model accepts: prompt, size, n, seed, image_urls',
    );
  });
});

describe('poyo wan-2.7 price', () => {
  it('charges 4.2 credits per image, times n', () => {
    const entry = findModel('poyo', 'wan-2.7-image');
    expect(entry).toBeDefined();
    if (!entry) return;
    expect(estimateCost(entry, { prompt: 'p' })).toEqual({
      amount: 4.2,
      currency: 'credits',
      basis: '4.2 credits x 1 image',
    });
    expect(estimateCost(entry, { prompt: 'p', n: 3 })).toEqual({
      amount: 12.6,
      currency: 'credits',
      basis: '4.2 credits x 3 images',
    });
    expect(entry.outputsPerRequest({ prompt: 'p', n: 3 })).toBe(3);
  });

  it('charges 10.5 credits per image for the pro tier', () => {
    const entry = findModel('poyo', 'wan-2.7-image-pro');
    expect(entry && estimateCost(entry, { prompt: 'p', n: 2 }).amount).toBe(21);
  });
});
