import { describe, expect, it } from 'vitest';
import { estimateCost, findModel } from './index';
import { expectIssue, expectValid, textOfLength } from './test-helpers';

type Case = [name: string, input: Record<string, unknown>, expected: 'valid' | [string, string]];

const IMG = 'https://example.com/reference1.jpg';
const RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9'];

/** Rules shared by both ids; every input carries one image so -edit accepts it too. */
const shared: Case[] = [
  ['prompt of 3 characters', { prompt: 'abc' }, 'valid'],
  ['prompt of 2 characters', { prompt: 'ab' }, ['prompt', 'at least 3 characters (it has 2)']],
  ['prompt of 3000 characters', { prompt: textOfLength(3000) }, 'valid'],
  ['prompt of 3001 characters', { prompt: textOfLength(3001) }, ['prompt', 'at most 3000']],
  ['prompt missing', {}, ['prompt', 'is required']],
  ['size 2K', { prompt: 'abc', size: '2K' }, 'valid'],
  ['size 3K', { prompt: 'abc', size: '3K' }, 'valid'],
  ['size 4K', { prompt: 'abc', size: '4K' }, ['size', 'must be one of 2K, 3K, 1:1']],
  ['size 5:4', { prompt: 'abc', size: '5:4' }, ['size', 'WIDTHxHEIGHT']],
  ['size WxH text', { prompt: 'abc', size: '2304x1728' }, 'valid'],
  ['size WxH text with spaces', { prompt: 'abc', size: ' 2304 X 1728 ' }, 'valid'],
  ['size WxH with zero', { prompt: 'abc', size: '2304x0' }, ['size', 'above 0']],
  ['size object', { prompt: 'abc', size: { width: 2304, height: 1728 } }, 'valid'],
  [
    'size object negative',
    { prompt: 'abc', size: { width: -1, height: 1728 } },
    ['size.width', 'whole number above 0'],
  ],
  ['size a number', { prompt: 'abc', size: 1024 }, ['size', 'must be one of']],
  ['n 15', { prompt: 'abc', n: 15 }, 'valid'],
  ['n 16', { prompt: 'abc', n: 16 }, ['n', 'whole number from 1 to 15']],
  ['n 0', { prompt: 'abc', n: 0 }, ['n', 'whole number from 1 to 15']],
  ['safety checker off', { prompt: 'abc', enable_safety_checker: false }, 'valid'],
  [
    'safety checker as text',
    { prompt: 'abc', enable_safety_checker: 'no' },
    ['enable_safety_checker', 'must be true or false'],
  ],
  ['10 images', { prompt: 'abc', image_urls: Array<string>(10).fill(IMG) }, 'valid'],
  [
    '11 images',
    { prompt: 'abc', image_urls: Array<string>(11).fill(IMG) },
    ['image_urls', 'must hold 1 to 10 images (it holds 11)'],
  ],
  ['seed is not a field here', { prompt: 'abc', seed: 1 }, ['seed', 'unknown field']],
];

describe.each(['seedream-5.0-lite', 'seedream-5.0-lite-edit'])('poyo/%s', (model) => {
  it.each(shared)('%s', (_name, base, expected) => {
    const input = { image_urls: [IMG], ...base };
    if (expected === 'valid') expectValid('poyo', model, input);
    else expectIssue('poyo', model, input, expected[0], expected[1]);
  });

  it.each(RATIOS)('accepts the ratio %s', (size) => {
    expectValid('poyo', model, { prompt: 'abc', size, image_urls: [IMG] });
  });

  it('charges 5 credits per image, times n', () => {
    const entry = findModel('poyo', model);
    expect(entry && estimateCost(entry, { prompt: 'abc', n: 3 })).toEqual({
      amount: 15,
      currency: 'credits',
      basis: '5 credits x 3 images',
    });
  });
});

describe('seedream images per id', () => {
  it('lite works without images', () => {
    expectValid('poyo', 'seedream-5.0-lite', { prompt: 'a koi pond' });
  });

  it('lite-edit needs images', () => {
    expectIssue('poyo', 'seedream-5.0-lite-edit', { prompt: 'snow' }, 'image_urls', 'is required');
    expectIssue(
      'poyo',
      'seedream-5.0-lite-edit',
      { prompt: 'snow', image_urls: [] },
      'image_urls',
      'must hold 1 to 10 images (it holds 0)',
    );
  });

  it('documents JPEG and PNG as input formats', () => {
    expect(findModel('poyo', 'seedream-5.0-lite-edit')?.imageLimits?.formats).toEqual([
      'jpeg',
      'png',
    ]);
  });
});
