// Modelverse client against the simulator: async task API (default) and the sync option.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ModelverseClient } from './modelverse/client';
import { submitValidated } from './submit';
import { FAST_RETRY, okOrThrow, pollToEnd, rejection, sent, useHarness } from './contract-harness';

const h = useHarness((live) => live.sim.configure({ latencyMs: 1000 }));

describe('Modelverse contract (async task API)', () => {
  it('text-to-image: prompt in input, settings in parameters, seconds -> ms', async () => {
    const flat = {
      prompt: 'A futuristic cloud data center at sunrise',
      size: '1K',
      seed: 123456,
      thinking_mode: true,
    };
    const out = okOrThrow(await submitValidated('modelverse', 'wan2.7-image', flat, 'k', h.ctx()));
    const [submit] = sent(h.sim, 'modelverse', 'submit');
    expect(submit).toMatchObject({ method: 'POST', path: '/v1/tasks/submit', status: 200 });
    expect(submit?.body).toEqual({
      model: 'wan2.7-image',
      input: { prompt: flat.prompt },
      parameters: { size: '1K', seed: 123456, prompt_extend: true },
    });
    expect(submit?.headers.authorization).toBe('Bearer sim-modelverse-key');

    const task = h.sim.task(out.result.remoteId);
    const { status } = await pollToEnd(h.sim, h.modelverse, 'wan2.7-image', out.result.remoteId);
    expect(sent(h.sim, 'modelverse', 'status')[0]).toMatchObject({
      method: 'GET',
      path: '/v1/tasks/status',
      query: { task_id: out.result.remoteId },
    });
    expect(status).toEqual({
      state: 'succeeded',
      outputs: [{ url: expect.stringContaining('/files/'), type: 'image' }],
      createdAt: Math.floor((task?.createdAt ?? 0) / 1000) * 1000,
      finishedAt: expect.any(Number),
    });
  });

  it('edit with local images: sent inline as base64 data URLs, no upload', async () => {
    const flat = {
      prompt: 'Combine both references into a poster',
      images: [h.img.jpeg, 'photo.png'],
      size: '2048x2048',
    };
    const out = okOrThrow(
      await submitValidated('modelverse', 'wan2.7-image-pro', flat, 'k', h.ctx()),
    );
    const jpeg = (await readFile(h.img.jpeg)).toString('base64');
    const png = (await readFile(h.img.png)).toString('base64');
    expect(sent(h.sim, 'modelverse', 'submit')[0]?.body).toEqual({
      model: 'wan2.7-image-pro',
      input: {
        prompt: flat.prompt,
        images: [`data:image/jpeg;base64,${jpeg}`, `data:image/png;base64,${png}`],
      },
      parameters: { size: '2048x2048' },
    });
    expect(sent(h.sim, 'poyo', 'upload')).toHaveLength(0);
    const { status } = await pollToEnd(
      h.sim,
      h.modelverse,
      'wan2.7-image-pro',
      out.result.remoteId,
    );
    expect(status.state).toBe('succeeded');
  });

  it('sequential set of 4, and partial success', async () => {
    const flat = {
      prompt: 'The same character in four seasons',
      enable_sequential: true,
      n: 4,
      prompt_extend: true,
    };
    const out = okOrThrow(
      await submitValidated('modelverse', 'wan2.7-image-pro', flat, 'k', h.ctx()),
    );
    expect(sent(h.sim, 'modelverse', 'submit')[0]?.body).toEqual({
      model: 'wan2.7-image-pro',
      input: { prompt: flat.prompt },
      parameters: { enable_sequential: true, n: 4, prompt_extend: true },
    });
    const full = (await pollToEnd(h.sim, h.modelverse, 'wan2.7-image-pro', out.result.remoteId))
      .status;
    expect(full.state === 'succeeded' && full.outputs).toHaveLength(4);
    const p = okOrThrow(
      await submitValidated(
        'modelverse',
        'wan2.7-image',
        { prompt: 'x [sim:partial]', n: 4 },
        'k2',
        h.ctx(),
      ),
    );
    const partial = (await pollToEnd(h.sim, h.modelverse, 'wan2.7-image', p.result.remoteId))
      .status;
    expect(partial.state === 'succeeded' && partial.outputs).toHaveLength(2);
  });

  it('failures split "code=..., message=..."', async () => {
    const out = okOrThrow(
      await submitValidated(
        'modelverse',
        'wan2.7-image',
        { prompt: 'x [sim:content]' },
        'k',
        h.ctx(),
      ),
    );
    const { status } = await pollToEnd(h.sim, h.modelverse, 'wan2.7-image', out.result.remoteId);
    expect(status).toMatchObject({
      state: 'failed',
      code: 'DataInspectionFailed',
      message: 'input data may contain inappropriate content',
    });
  });

  it('wrong key and exhausted quota', async () => {
    const wrong = new ModelverseClient(
      { apiKey: 'mv-wrong-key', baseUrl: h.sim.baseUrls.modelverse },
      { http: h.http, retry: FAST_RETRY },
    );
    const e1 = await rejection(wrong.status('wan2.7-image', 'id'));
    expect(e1).toMatchObject({ code: 'bad_key', httpStatus: 401, providerCode: 'auth_error' });
    expect(e1.message).not.toContain('mv-wrong-key');
    const broke = new ModelverseClient(
      { apiKey: h.sim.brokeKey, baseUrl: h.sim.baseUrls.modelverse },
      { http: h.http, retry: FAST_RETRY },
    );
    const e2 = await rejection(
      broke.submit({ model: 'wan2.7-image', input: { prompt: 'p' }, idempotencyKey: 'k' }),
    );
    expect(e2).toMatchObject({ code: 'no_balance', httpStatus: 403 });
  });
});

describe('Modelverse contract (sync option)', () => {
  it('one request answers the images; there is no task to poll', async () => {
    h.sim.configure({ latencyMs: 30 });
    const flat = {
      prompt: 'A futuristic cloud data center',
      size: '1K',
      seed: 123456,
      prompt_extend: true,
      n: 2,
    };
    const out = okOrThrow(
      await submitValidated(
        'modelverse',
        'wan2.7-image',
        flat,
        'idem-sync',
        h.ctx({ modelverse: h.mvSync }),
      ),
    );
    const [submit] = sent(h.sim, 'modelverse', 'submit');
    expect(submit).toMatchObject({ method: 'POST', path: '/v1/images/generations', status: 200 });
    expect(submit?.body).toEqual({
      model: 'wan2.7-image',
      prompt: flat.prompt,
      size: '1K',
      seed: 123456,
      thinking_mode: true,
      n: 2,
    });
    expect(out.result.remoteId).toBe('sync:idem-sync');
    expect(out.result.status).toMatchObject({
      state: 'succeeded',
      outputs: [
        { url: expect.stringContaining('/files/'), type: 'image' },
        { url: expect.stringContaining('/files/'), type: 'image' },
      ],
    });
    const err = await rejection(h.mvSync.status('wan2.7-image', out.result.remoteId));
    expect(err.code).toBe('not_supported');
    expect(sent(h.sim, 'modelverse', 'status')).toHaveLength(0);
  });
});
