import { describe, expect, it } from 'vitest';
import { estimateCost, findModel } from './index';
import { expectIssue, expectValid, textOfLength } from './test-helpers';

type Case = [name: string, input: Record<string, unknown>, expected: 'valid' | [string, string]];

const IMAGE = ['https://example.com/image.jpg'];
const ok = { prompt: 'zoom in', image_urls: IMAGE };

const cases: Case[] = [
  ['prompt and one image', ok, 'valid'],
  [
    'every option',
    {
      ...ok,
      resolution: '1080p',
      duration: 10,
      audio: 'background_music',
      negative_prompt: 'blurry',
      seed: 225,
    },
    'valid',
  ],
  ['prompt missing', { image_urls: IMAGE }, ['prompt', 'is required']],
  ['prompt of 1500 characters', { ...ok, prompt: textOfLength(1500) }, 'valid'],
  ['prompt of 1501 characters', { ...ok, prompt: textOfLength(1501) }, ['prompt', 'at most 1500']],
  ['image missing', { prompt: 'p' }, ['image_urls', 'is required']],
  ['no image', { ...ok, image_urls: [] }, ['image_urls', 'must hold exactly 1 image (it holds 0)']],
  [
    'two images',
    { ...ok, image_urls: [...IMAGE, ...IMAGE] },
    ['image_urls', 'must hold exactly 1 image (it holds 2)'],
  ],
  ['local file image', { ...ok, image_urls: ['/home/me/cat.png'] }, 'valid'],
  ['data URL image', { ...ok, image_urls: ['data:image/png;base64,iVBORw0KGgo='] }, 'valid'],
  [
    'ftp image',
    { ...ok, image_urls: ['ftp://example.com/a.jpg'] },
    ['image_urls.0', 'must start with http:// or https://'],
  ],
  [
    'non-image data URL',
    { ...ok, image_urls: ['data:text/plain;base64,aGk='] },
    ['image_urls.0', 'data:image/png;base64'],
  ],
  ['empty image reference', { ...ok, image_urls: [''] }, ['image_urls.0', 'must not be empty']],
  ['resolution 480p', { ...ok, resolution: '480p' }, 'valid'],
  [
    'resolution 4k',
    { ...ok, resolution: '4k' },
    ['resolution', 'must be one of 480p, 720p, 1080p'],
  ],
  ['resolution in capitals', { ...ok, resolution: '720P' }, ['resolution', 'must be one of']],
  ['duration 5', { ...ok, duration: 5 }, 'valid'],
  ['duration 7', { ...ok, duration: 7 }, ['duration', 'must be one of 5, 10 (got 7)']],
  ['duration as text', { ...ok, duration: '5' }, ['duration', 'must be one of 5, 10']],
  ['audio not text', { ...ok, audio: 1 }, ['audio', 'must be text']],
  ['negative_prompt not text', { ...ok, negative_prompt: [] }, ['negative_prompt', 'must be text']],
  ['seed fractional', { ...ok, seed: 1.5 }, ['seed', 'whole number']],
  ['size is not a field here', { ...ok, size: '16:9' }, ['size', 'unknown field']],
];

describe('poyo/wan2.5-image-to-video', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    if (expected === 'valid') expectValid('poyo', 'wan2.5-image-to-video', input);
    else expectIssue('poyo', 'wan2.5-image-to-video', input, expected[0], expected[1]);
  });

  it('prices by resolution and duration, 720p and 5 s by default', () => {
    const entry = findModel('poyo', 'wan2.5-image-to-video');
    expect(entry).toBeDefined();
    if (!entry) return;
    const amount = (input: Record<string, unknown>) => estimateCost(entry, input).amount;
    expect(amount(ok)).toBe(60);
    expect(amount({ ...ok, resolution: '480p', duration: 5 })).toBe(30);
    expect(amount({ ...ok, resolution: '480p', duration: 10 })).toBe(60);
    expect(amount({ ...ok, resolution: '720p', duration: 10 })).toBe(120);
    expect(amount({ ...ok, resolution: '1080p', duration: 5 })).toBe(90);
    expect(amount({ ...ok, resolution: '1080p', duration: 10 })).toBe(180);
    expect(estimateCost(entry, { ...ok, duration: 10 }).basis).toBe(
      '120 credits per 10 s video at 720p',
    );
    expect(entry.outputsPerRequest(ok)).toBe(1);
    expect(entry.kind).toBe('video');
    expect(entry.polling.intervalMs).toBe(10000);
  });
});
