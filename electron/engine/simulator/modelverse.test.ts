import sharp from 'sharp';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from './index';
import { at, call, download, finishAll, startTestSim } from './test-helpers';

let sim: Simulator;
beforeEach(async () => {
  sim ??= await startTestSim();
  sim.reset();
  sim.configure({ latencyMs: 30 });
});
afterAll(() => sim.close());

async function submit(body: unknown, key?: string) {
  return call(
    sim,
    'modelverse',
    'POST',
    '/v1/tasks/submit',
    body,
    key === undefined ? {} : { key },
  );
}

async function status(id: string) {
  return call(sim, 'modelverse', 'GET', `/v1/tasks/status?task_id=${encodeURIComponent(id)}`);
}

describe('Modelverse protocol', () => {
  it('runs a wan2.7-image task from Pending to Success with times in Unix seconds', async () => {
    sim.configure({ latencyMs: 60_000 });
    const s = await submit({
      model: 'wan2.7-image',
      input: { prompt: 'data center at sunrise' },
      parameters: { size: '1K', seed: 123456 },
    });
    expect(s.status).toBe(200);
    const id = String(at(s.json, 'output', 'task_id'));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof at(s.json, 'request_id')).toBe('string');
    expect(at((await status(id)).json, 'output', 'task_status')).toBe('Pending');
    sim.advance(30_000);
    expect(at((await status(id)).json, 'output', 'task_status')).toBe('Running');
    sim.advance(30_000);
    const done = (await status(id)).json;
    expect(at(done, 'output', 'task_status')).toBe('Success');
    const submitTime = Number(at(done, 'output', 'submit_time'));
    expect(String(submitTime)).toMatch(/^\d{10}$/);
    expect(Number(at(done, 'output', 'finish_time')) - submitTime).toBeGreaterThanOrEqual(59);
    expect(at(done, 'usage')).toEqual({ completion_tokens: 1, total_tokens: 1 });
    const urls = at(done, 'output', 'urls') as string[];
    const meta = await sharp((await download(urls[0] ?? '')).bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
  });

  it('runs wan2.7-image-pro sequential sets with a base64 data URL image', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const s = await submit({
      model: 'wan2.7-image-pro',
      input: { prompt: 'ragdoll cat', images: [`data:image/png;base64,${png.toString('base64')}`] },
      parameters: {
        size: '2K',
        prompt_extend: true,
        enable_sequential: true,
        n: 6,
        seed: 1,
        watermark: false,
      },
    });
    expect(s.status).toBe(200);
    finishAll(sim);
    const done = (await status(String(at(s.json, 'output', 'task_id')))).json;
    expect(at(done, 'output', 'urls')).toHaveLength(6);
  });

  it('answers the sync endpoint after the latency with {created, data:[{url}]}', async () => {
    const r = await call(sim, 'modelverse', 'POST', '/v1/images/generations', {
      model: 'wan2.7-image-pro',
      prompt: 'four seasons',
      size: '2K',
      thinking_mode: true,
      enable_sequential: true,
      n: 4,
    });
    expect(r.status).toBe(200);
    expect(String(at(r.json, 'created'))).toMatch(/^\d{10}$/);
    const data = at(r.json, 'data') as { url: string }[];
    expect(data).toHaveLength(4);
    const d = await download(data[0]?.url ?? '');
    expect((await sharp(d.bytes).metadata()).format).toBe('png');
    expect(sim.tasks[0]?.mode).toBe('sync');
  });

  it('answers sync content failures as 400 sensitive_check_error', async () => {
    const r = await call(sim, 'modelverse', 'POST', '/v1/images/generations', {
      model: 'wan2.7-image',
      prompt: 'bad [sim:content]',
    });
    expect(r.status).toBe(400);
    expect(at(r.json, 'error', 'code')).toBe('sensitive_check_error');
  });

  it('reports task failures inside output.error_message with HTTP 200', async () => {
    const s = await submit({ model: 'wan2.7-image', input: { prompt: 'x [sim:fail]' } });
    finishAll(sim);
    const r = await status(String(at(s.json, 'output', 'task_id')));
    expect(r.status).toBe(200);
    expect(at(r.json, 'output', 'task_status')).toBe('Failure');
    expect(String(at(r.json, 'output', 'error_message'))).toMatch(/^code=\S+, message=/);
  });

  it.each([
    [{ model: 'wan2.7-image', input: {} }, 'input needs at least one of prompt'],
    [
      { model: 'wan2.7-image', input: { prompt: 'x' }, parameters: { n: 5 } },
      'parameters.n must be an integer from 1 to 4',
    ],
    [
      { model: 'wan2.7-image', input: { prompt: 'x' }, parameters: { size: '3K' } },
      'parameters.size must be one of',
    ],
    [
      { model: 'wan2.7-image', input: { prompt: 'x' }, parameters: { thinking_mode: true } },
      'parameters.thinking_mode is not a documented field',
    ],
    [
      { model: 'wan2.7-image', input: { images: ['file:///tmp/a.png'] } },
      'input.images[0] must be an http(s) URL or a data:image',
    ],
  ])('refuses %j with 400 param_error in the Modelverse envelope', async (body, message) => {
    const r = await submit(body);
    expect(r.status).toBe(400);
    expect(at(r.json, 'error', 'type')).toBe('invalid_request_error');
    expect(at(r.json, 'error', 'code')).toBe('param_error');
    expect(typeof at(r.json, 'error', 'param')).toBe('string');
    expect(String(at(r.json, 'error', 'message'))).toContain(message);
  });

  it('refuses an unknown model with model_error', async () => {
    const r = await submit({ model: 'Wan-AI/Nope', input: { prompt: 'x' } });
    expect(r.status).toBe(400);
    expect(at(r.json, 'error', 'code')).toBe('model_error');
  });

  it('answers 401 auth_error for a wrong key, accepts the bare key, and 403 for the broke key', async () => {
    const body = { model: 'wan2.7-image', input: { prompt: 'x' } };
    const wrong = await submit(body, 'wrong');
    expect(wrong.status).toBe(401);
    expect(at(wrong.json, 'error', 'code')).toBe('auth_error');
    const bare = await fetch(`${sim.url}/v1/tasks/submit`, {
      method: 'POST',
      headers: { authorization: sim.keys.modelverse, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(bare.status).toBe(200);
    const broke = await submit(body, 'sim-broke');
    expect(broke.status).toBe(403);
    expect(at(broke.json, 'error', 'type')).toBe('permission_error');
  });

  it('refuses a JSON body sent without Content-Type: application/json', async () => {
    const res = await fetch(`${sim.url}/v1/tasks/submit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.keys.modelverse}` },
      body: JSON.stringify({ model: 'wan2.7-image', input: { prompt: 'x' } }),
    });
    expect(res.status).toBe(400);
    expect(String(at(await res.json(), 'error', 'message'))).toContain(
      'Content-Type must be application/json',
    );
  });
});
