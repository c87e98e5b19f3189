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

const T2I = {
  request_type: 'async',
  input: { mode: 'omni-image-pro', prompt: 'a cinematic panda', resolution: '2k', num_images: 1 },
};

async function submit(body: unknown, model = 'wan-2-7-image') {
  return call(sim, 'apixo', 'POST', `/generateTask/${model}`, body);
}

async function status(id: string, model = 'wan-2-7-image') {
  return call(sim, 'apixo', 'GET', `/statusTask/${model}?taskId=${encodeURIComponent(id)}`);
}

describe('APIXO protocol', () => {
  it('submits on the documented path and answers {code, message, data:{taskId}}', async () => {
    const r = await submit(T2I);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      code: 200,
      message: 'success',
      data: { taskId: expect.stringMatching(/^task_/) },
    });
    expect(sim.requests.at(-1)?.path).toBe('/api/v1/generateTask/wan-2-7-image');
  });

  it('reports processing with createTime only, then success with resultJson as a string', async () => {
    sim.configure({ latencyMs: 60_000 });
    const id = String(
      at((await submit({ ...T2I, input: { ...T2I.input, num_images: 2 } })).json, 'data', 'taskId'),
    );
    sim.advance(30_000);
    const running = at((await status(id)).json, 'data') as Record<string, unknown>;
    expect(running.state).toBe('processing');
    expect(Object.keys(running).sort()).toEqual(['createTime', 'state', 'taskId']);
    sim.advance(30_000);
    const done = await status(id);
    expect(at(done.json, 'code')).toBe(200);
    const data = at(done.json, 'data') as Record<string, unknown>;
    expect(data.state).toBe('success');
    expect(typeof data.resultJson).toBe('string');
    const urls = (JSON.parse(String(data.resultJson)) as { resultUrls: string[] }).resultUrls;
    expect(urls).toHaveLength(2);
    // Unix milliseconds: 13 digits, and costTime is their difference.
    expect(String(data.createTime)).toMatch(/^\d{13}$/);
    expect(Number(data.completeTime) - Number(data.createTime)).toBe(data.costTime);
    expect(data.costTime).toBe(60_000);
    const meta = await sharp((await download(urls[0] ?? '')).bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
  });

  it('creates a second task for a repeated submit (no idempotency)', async () => {
    const a = await submit(T2I);
    const b = await submit(T2I);
    expect(at(a.json, 'data', 'taskId')).not.toBe(at(b.json, 'data', 'taskId'));
    expect(sim.tasks).toHaveLength(2);
    expect(sim.stats().submits.apixo).toBe(2);
  });

  it('answers 404 when the status path names another model than the task’s', async () => {
    const id = String(at((await submit(T2I)).json, 'data', 'taskId'));
    const other = await status(id, 'wan-2-5');
    expect(other.status).toBe(404);
    expect(at(other.json, 'code')).toBe(404);
    expect(String(at(other.json, 'data', 'error'))).toContain('wan-2-5');
    const missing = await status('task_missing');
    expect(missing.status).toBe(404);
    const unknownModel = await submit(T2I, 'no-such-model');
    expect(unknownModel.status).toBe(404);
    expect(String(at(unknownModel.json, 'data', 'error'))).toContain('no-such-model');
  });

  it.each([
    [{ mode: 'omni-image', prompt: 'x', resolution: '4k' }, '4k requires mode omni-image-pro'],
    [
      { mode: 'omni-image-pro', prompt: 'x', resolution: '4k', image_urls: ['https://e.x/a.png'] },
      '4k is not allowed with image_urls',
    ],
    [
      { mode: 'omni-image-pro', prompt: 'x', resolution: '4k', enable_sequential: true },
      '4k is not allowed with enable_sequential',
    ],
    [
      { mode: 'omni-image', prompt: 'x', num_images: 5 },
      'input.num_images must be an integer from 1 to 4',
    ],
    [{ mode: 'omni-image', prompt: 'x', num_images: 13, enable_sequential: true }, 'from 1 to 12'],
    [{ mode: 'omni-image', prompt: 'x', bbox_list: [[]] }, 'input.bbox_list requires image_urls'],
    [
      { mode: 'omni-image', prompt: 'x', image_urls: ['https://e.x/a.png'], bbox_list: [[], []] },
      'must have 1 entries',
    ],
    [
      {
        mode: 'omni-image',
        prompt: 'x',
        image_urls: ['https://e.x/a.png'],
        bbox_list: [
          [
            [1, 2, 3, 4],
            [1, 2, 3, 4],
            [1, 2, 3, 4],
          ],
        ],
      },
      'at most 2 boxes',
    ],
    [
      { mode: 'omni-image', prompt: 'x', image_urls: Array(10).fill('https://e.x/a.png') },
      'must hold 1 to 9 images',
    ],
    [{ mode: 'omni-image', prompt: '' }, 'input.prompt must not be empty'],
    [{ prompt: 'x' }, 'input.mode is required'],
    [
      {
        mode: 'omni-image',
        prompt: 'x',
        color_palette: [
          { hex: '#000000', ratio: '50%' },
          { hex: '#ffffff', ratio: '30%' },
          { hex: '#ff0000', ratio: '10%' },
        ],
      },
      'ratios must sum to 100.00%',
    ],
  ])('refuses input %j with a 400 in the APIXO envelope', async (input, message) => {
    const r = await submit({ request_type: 'async', input });
    expect(r.status).toBe(400);
    expect(at(r.json, 'code')).toBe(400);
    expect(typeof at(r.json, 'message')).toBe('string');
    expect(String(at(r.json, 'data', 'error'))).toContain(message);
  });

  it('accepts the documented edit request with bbox_list and 12 sequential images', async () => {
    const edit = await submit({
      request_type: 'callback',
      callback_url: 'https://your-server.com/webhooks/apixo',
      input: {
        mode: 'omni-image',
        image_urls: ['https://example.com/base.png', 'https://example.com/style.png'],
        prompt: 'blend',
        resolution: '2k',
        num_images: 1,
        bbox_list: [[[120, 180, 360, 420]], []],
      },
    });
    expect(edit.status).toBe(200);
    const seq = await submit({
      request_type: 'async',
      input: { mode: 'omni-image', prompt: 'set', num_images: 12, enable_sequential: true },
    });
    expect(seq.status).toBe(200);
    finishAll(sim);
    const data = at((await status(String(at(seq.json, 'data', 'taskId')))).json, 'data');
    expect(
      (JSON.parse(String(at(data, 'resultJson'))) as { resultUrls: string[] }).resultUrls,
    ).toHaveLength(12);
  });

  it('reports partial success with fewer resultUrls and failures with failCode/failMsg', async () => {
    const partial = await submit({
      request_type: 'async',
      input: { mode: 'omni-image', prompt: 'p [sim:partial]', num_images: 4 },
    });
    const failed = await submit({
      request_type: 'async',
      input: { mode: 'omni-image', prompt: 'p [sim:content]' },
    });
    finishAll(sim);
    const p = at((await status(String(at(partial.json, 'data', 'taskId')))).json, 'data');
    expect(at(p, 'state')).toBe('success');
    expect(
      (JSON.parse(String(at(p, 'resultJson'))) as { resultUrls: string[] }).resultUrls,
    ).toHaveLength(2);
    const f = await status(String(at(failed.json, 'data', 'taskId')));
    expect(at(f.json, 'code')).toBe(200);
    expect(at(f.json, 'data', 'state')).toBe('failed');
    expect(at(f.json, 'data', 'failCode')).toBe('SensitiveContentDetected');
    expect(typeof at(f.json, 'data', 'failMsg')).toBe('string');
    expect(at(f.json, 'data', 'resultJson')).toBeUndefined();
  });

  it('answers 401 and 402 in the APIXO envelope', async () => {
    const wrong = await call(sim, 'apixo', 'POST', '/generateTask/wan-2-7-image', T2I, {
      key: 'bad',
    });
    expect(wrong.status).toBe(401);
    expect(at(wrong.json, 'code')).toBe(401);
    const broke = await call(sim, 'apixo', 'POST', '/generateTask/wan-2-7-image', T2I, {
      key: 'sim-broke',
    });
    expect(broke.status).toBe(402);
    expect(at(broke.json, 'code')).toBe(402);
    expect(String(at(broke.json, 'data', 'error'))).toMatch(/balance/i);
  });

  it('serves the balance and charges per delivered image', async () => {
    const before = Number(
      at((await call(sim, 'apixo', 'GET', '/apikeys/current-balance')).json, 'data', 'balance'),
    );
    await submit({
      request_type: 'async',
      input: { mode: 'omni-image-pro', prompt: 'x', num_images: 2 },
    });
    finishAll(sim);
    const after = Number(
      at((await call(sim, 'apixo', 'GET', '/apikeys/current-balance')).json, 'data', 'balance'),
    );
    expect(before - after).toBeCloseTo(0.15, 5);
  });
});
