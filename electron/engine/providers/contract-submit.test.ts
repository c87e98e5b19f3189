// The runner's entry point: what the catalog or the image checks reject never reaches the
// network, and uploads are shared across a batch until they grow old.
import { describe, expect, it } from 'vitest';
import type { ProviderId } from '../../../shared/catalog/types';
import { submitValidated } from './submit';
import { okOrThrow, sent, useHarness } from './contract-harness';

const h = useHarness();

describe('requests the catalog rejects never reach the network', () => {
  it.each<[ProviderId, string, Record<string, unknown>, string]>([
    ['poyo', 'wan-2.7-image', { prompt: 'p', n: 9 }, 'n'],
    ['poyo', 'wan-2.7-image', { prompt: 'p', callback_url: 'https://x' }, 'callback_url'],
    ['poyo', 'seedream-5.0-lite-edit', { prompt: 'edit it' }, 'image_urls'],
    [
      'poyo',
      'wan2.5-image-to-video',
      { prompt: 'p', image_urls: ['a.png', 'b.png'], resolution: '720p', duration: 5 },
      'image_urls',
    ],
    ['apixo', 'wan-2-7-image', { mode: 'omni-image', prompt: 'p', resolution: '4k' }, 'resolution'],
    ['apixo', 'wan-2-7-image', { mode: 'omni-image', prompt: '' }, 'prompt'],
    ['modelverse', 'wan2.7-image', { prompt: 'p', n: 5 }, 'n'],
    ['modelverse', 'wan2.7-image', {}, 'prompt'],
  ])('%s %s rejects %j on %s', async (provider, model, input, field) => {
    const out = await submitValidated(provider, model, input, 'k', h.ctx());
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.issues.map((i) => i.field)).toContain(field);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('an unconfigured provider is an issue, not a request', async () => {
    const out = await submitValidated('poyo', 'wan-2.7-image', { prompt: 'p' }, 'k', h.ctx({}));
    expect(out).toEqual({
      ok: false,
      issues: [{ field: 'provider', message: 'poyo is not configured; set GENLOOM_POYO_API_KEY' }],
    });
    expect(h.sim.requests).toHaveLength(0);
  });

  it('a file that breaks the model\u2019s image rules stops the whole request before uploads', async () => {
    const input = { prompt: 'edit', image_urls: [h.img.png, h.img.gif, h.img.notImage] };
    const out = await submitValidated('poyo', 'seedream-5.0-lite-edit', input, 'k', h.ctx());
    expect(out).toEqual({
      ok: false,
      issues: [
        {
          field: 'image_urls.1',
          message: expect.stringMatching(
            /anim\.gif: format GIF is not accepted \(accepted: JPEG, PNG\)/,
          ),
        },
        { field: 'image_urls.2', message: expect.stringMatching(/notes\.png: is not an image/) },
      ],
    });
    expect(h.sim.requests).toHaveLength(0);
  });
});

describe('upload cache', () => {
  it('reuses an upload within a batch and uploads again once it is a day old', async () => {
    const ctx = h.ctx();
    const input = { prompt: 'p', image_urls: [h.img.png] };
    const first = okOrThrow(await submitValidated('poyo', 'wan-2.7-image', input, 'a', ctx));
    const again = okOrThrow(await submitValidated('poyo', 'wan-2.7-image', input, 'b', ctx));
    expect(sent(h.sim, 'poyo', 'upload')).toHaveLength(1);
    expect(again.input.image_urls).toEqual(first.input.image_urls);
    h.sim.advance(25 * 60 * 60 * 1000);
    okOrThrow(await submitValidated('poyo', 'wan-2.7-image', input, 'c', ctx));
    expect(sent(h.sim, 'poyo', 'upload')).toHaveLength(2);
  });

  it('shares one upload between concurrent tasks using the same file', async () => {
    const ctx = h.ctx();
    const input = { prompt: 'p', image_urls: [h.img.jpeg] };
    await Promise.all(
      ['a', 'b', 'c'].map((k) =>
        submitValidated('poyo', 'wan-2.7-image', input, k, ctx).then(okOrThrow),
      ),
    );
    expect(sent(h.sim, 'poyo', 'upload')).toHaveLength(1);
    expect(sent(h.sim, 'poyo', 'submit')).toHaveLength(3);
  });
});
