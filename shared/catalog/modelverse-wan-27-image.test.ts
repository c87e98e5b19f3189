import { describe, expect, it } from 'vitest';
import { estimateCost, findModel } from './index';
import { expectIssue, expectValid, textOfLength } from './test-helpers';

type Case = [name: string, input: Record<string, unknown>, expected: 'valid' | [string, string]];

const IMG = 'https://example.com/cat.jpg';
const DATA = 'data:image/jpeg;base64,/9j/4AAQSkZJRg==';

const cases: Case[] = [
  ['prompt only', { prompt: 'a data center at sunrise', size: '1K', seed: 123456 }, 'valid'],
  ['images only', { images: [IMG] }, 'valid'],
  ['prompt and base64 images', { prompt: 'fuse', images: [IMG, DATA], size: '2048x2048' }, 'valid'],
  ['neither prompt nor images', { size: '2K' }, ['prompt', 'give a prompt, images, or both']],
  ['blank prompt and no images', { prompt: '' }, ['prompt', 'must not be empty']],
  ['prompt of 5001 characters', { prompt: textOfLength(5001) }, ['prompt', 'at most 5000']],
  [
    'empty image list',
    { prompt: 'p', images: [] },
    ['images', 'must hold 1 to 9 images (it holds 0)'],
  ],
  ['10 images', { images: Array<string>(10).fill(IMG) }, ['images', 'must hold 1 to 9 images']],
  ['size 4K', { prompt: 'p', size: '4K' }, 'valid'],
  ['size 4096x4096', { prompt: 'p', size: '4096x4096' }, 'valid'],
  ['size 8K', { prompt: 'p', size: '8K' }, ['size', 'must be one of 1K, 2K, 4K or a WIDTHxHEIGHT']],
  ['size lowercase 2k', { prompt: 'p', size: '2k' }, ['size', 'must be one of 1K, 2K, 4K']],
  [
    'size as an object',
    { prompt: 'p', size: { width: 1024, height: 1024 } },
    ['size', 'must be one of 1K, 2K, 4K or a WIDTHxHEIGHT text'],
  ],
  ['n 4', { prompt: 'p', n: 4 }, 'valid'],
  ['n 5', { prompt: 'p', n: 5 }, ['n', 'from 1 to 4 (1 to 12 with enable_sequential on) (got 5)']],
  ['n 12, sequential', { prompt: 'p', n: 12, enable_sequential: true }, 'valid'],
  [
    'n 13, sequential',
    { prompt: 'p', n: 13, enable_sequential: true },
    ['n', 'from 1 to 12 with enable_sequential on'],
  ],
  ['n 0', { prompt: 'p', n: 0 }, ['n', 'whole number']],
  ['seed 0 (unset)', { prompt: 'p', seed: 0 }, 'valid'],
  ['seed negative', { prompt: 'p', seed: -5 }, ['seed', 'whole number from 0']],
  ['watermark', { prompt: 'p', watermark: false }, 'valid'],
  ['watermark as text', { prompt: 'p', watermark: 'false' }, ['watermark', 'true or false']],
  ['prompt_extend alone', { prompt: 'p', prompt_extend: true }, 'valid'],
  ['thinking_mode alone', { prompt: 'p', thinking_mode: true }, 'valid'],
  ['both, agreeing', { prompt: 'p', prompt_extend: true, thinking_mode: true }, 'valid'],
  [
    'both, conflicting',
    { prompt: 'p', prompt_extend: true, thinking_mode: false },
    ['thinking_mode', 'conflicts with prompt_extend'],
  ],
  [
    'img_url is not accepted',
    { prompt: 'p', img_url: IMG },
    ['img_url', 'unknown field, this model accepts: prompt, images'],
  ],
];

describe.each(['wan2.7-image', 'wan2.7-image-pro'])('modelverse/%s', (model) => {
  it.each(cases)('%s', (_name, input, expected) => {
    if (expected === 'valid') expectValid('modelverse', model, input);
    else expectIssue('modelverse', model, input, expected[0], expected[1]);
  });

  it('has no documented price, and counts n outputs', () => {
    const entry = findModel('modelverse', model);
    expect(entry).toBeDefined();
    if (!entry) return;
    expect(estimateCost(entry, { prompt: 'p', n: 2 })).toMatchObject({ amount: null });
    expect(entry.outputsPerRequest({ prompt: 'p', n: 2 })).toBe(2);
    expect(entry.outputsPerRequest({ prompt: 'p' })).toBe(1);
  });
});
