// APIXO client against the simulator: the exact request APIXO receives, and the normalised result.
import { describe, expect, it } from 'vitest';
import { APIXO_NEEDS_HOST } from '../media/resolve-inputs';
import { ApixoClient } from './apixo/client';
import { submitValidated } from './submit';
import { FAST_RETRY, okOrThrow, pollToEnd, rejection, sent, useHarness } from './contract-harness';

const h = useHarness();

const MODEL = 'wan-2-7-image';

describe('APIXO contract', () => {
  it('text-to-image: async body, model in both paths, resultJson and ms times', async () => {
    const input = {
      mode: 'omni-image-pro',
      prompt: 'a cinematic panda walking through snow',
      resolution: '4k',
      num_images: 2,
      enable_sequential: false,
      watermark: false,
      seed: 42,
    };
    const out = okOrThrow(await submitValidated('apixo', MODEL, input, 'unused-key', h.ctx()));
    const [submit] = sent(h.sim, 'apixo', 'submit');
    expect(submit).toMatchObject({
      method: 'POST',
      path: '/api/v1/generateTask/wan-2-7-image',
      status: 200,
    });
    expect(submit?.body).toEqual({ request_type: 'async', input });
    expect(submit?.headers.authorization).toBe('Bearer sim-apixo-key');
    expect(submit?.headers['idempotency-key']).toBeUndefined();

    const task = h.sim.task(out.result.remoteId);
    const { status } = await pollToEnd(h.sim, h.apixo, MODEL, out.result.remoteId);
    expect(sent(h.sim, 'apixo', 'status')[0]).toMatchObject({
      method: 'GET',
      path: '/api/v1/statusTask/wan-2-7-image',
      query: { taskId: out.result.remoteId },
    });
    expect(status).toEqual({
      state: 'succeeded',
      outputs: [
        { url: expect.stringContaining('/files/'), type: 'image' },
        { url: expect.stringContaining('/files/'), type: 'image' },
      ],
      createdAt: task?.createdAt,
      finishedAt: expect.any(Number),
    });
  });

  it('sequential set: enable_sequential with 6 images', async () => {
    const input = {
      mode: 'omni-image',
      prompt: 'four seasons of one tree',
      enable_sequential: true,
      num_images: 6,
    };
    const out = okOrThrow(await submitValidated('apixo', MODEL, input, 'k', h.ctx()));
    expect(sent(h.sim, 'apixo', 'submit')[0]?.body).toEqual({ request_type: 'async', input });
    const { status } = await pollToEnd(h.sim, h.apixo, MODEL, out.result.remoteId);
    expect(status.state === 'succeeded' && status.outputs).toHaveLength(6);
  });

  it('edit with local images: hosts them through the PoYo upload, then submits URLs', async () => {
    const input = {
      mode: 'omni-image',
      prompt: 'blend the style',
      image_urls: [h.img.jpeg, h.img.png],
    };
    const out = okOrThrow(await submitValidated('apixo', MODEL, input, 'k', h.ctx()));
    expect(sent(h.sim, 'poyo', 'upload')).toHaveLength(2);
    const body = sent(h.sim, 'apixo', 'submit')[0]?.body as { input: { image_urls: string[] } };
    expect(body.input.image_urls.every((u) => u.startsWith(`${h.sim.url}/files/`))).toBe(true);
    expect(body).toEqual({
      request_type: 'async',
      input: { ...input, image_urls: body.input.image_urls },
    });
    const { status } = await pollToEnd(h.sim, h.apixo, MODEL, out.result.remoteId);
    expect(status.state).toBe('succeeded');
  });

  it('refuses local images before any request when no PoYo key is set', async () => {
    const input = { mode: 'omni-image', prompt: 'p', image_urls: [h.img.jpeg] };
    const out = await submitValidated('apixo', MODEL, input, 'k', h.ctx({ apixo: h.apixo }));
    expect(out).toEqual({
      ok: false,
      issues: [{ field: 'image_urls.0', message: expect.stringContaining(APIXO_NEEDS_HOST) }],
    });
    expect(h.sim.requests).toHaveLength(0);
  });

  it('refuses an image with alpha before any upload, naming the file and the rule', async () => {
    const input = { mode: 'omni-image', prompt: 'p', image_urls: [h.img.jpeg, h.img.pngAlpha] };
    const out = await submitValidated('apixo', MODEL, input, 'k', h.ctx());
    expect(out).toEqual({
      ok: false,
      issues: [
        {
          field: 'image_urls.1',
          message: expect.stringMatching(/alpha\.png: has an alpha channel/),
        },
      ],
    });
    expect(h.sim.requests).toHaveLength(0);
  });

  it('failures keep failCode and failMsg; partial success lists what was made', async () => {
    const run = async (prompt: string, num_images = 1) => {
      const out = okOrThrow(
        await submitValidated(
          'apixo',
          MODEL,
          { mode: 'omni-image', prompt, num_images },
          'k',
          h.ctx(),
        ),
      );
      return (await pollToEnd(h.sim, h.apixo, MODEL, out.result.remoteId)).status;
    };
    expect(await run('x [sim:content]')).toMatchObject({
      state: 'failed',
      code: 'SensitiveContentDetected',
      message: 'Prompt or image input failed safety checks',
    });
    expect(await run('x [sim:fail]')).toMatchObject({ state: 'failed', code: 'Timeout' });
    const partial = await run('x [sim:partial]', 3);
    expect(partial.state === 'succeeded' && partial.outputs).toHaveLength(2);
  });

  it('wrong key, empty balance and balance lookup', async () => {
    const wrong = new ApixoClient(
      { apiKey: 'bad-apixo-key', baseUrl: h.sim.baseUrls.apixo },
      { http: h.http, retry: FAST_RETRY },
    );
    const e1 = await rejection(wrong.status(MODEL, 'task_x'));
    expect(e1).toMatchObject({ code: 'bad_key', httpStatus: 401 });
    expect(e1.message).toContain('GENLOOM_APIXO_API_KEY');
    expect(e1.message).not.toContain('bad-apixo-key');
    const broke = new ApixoClient(
      { apiKey: h.sim.brokeKey, baseUrl: h.sim.baseUrls.apixo },
      { http: h.http, retry: FAST_RETRY },
    );
    const e2 = await rejection(
      broke.submit({
        model: MODEL,
        input: { mode: 'omni-image', prompt: 'p' },
        idempotencyKey: 'k',
      }),
    );
    expect(e2).toMatchObject({ code: 'no_balance', httpStatus: 402 });
    expect(await h.apixo.balance()).toEqual({ balance: 100, currency: 'USD' });
  });
});
