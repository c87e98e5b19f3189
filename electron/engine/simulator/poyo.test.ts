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

const NAIVE_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

async function submit(body: unknown, headers: Record<string, string> = {}) {
  return call(sim, 'poyo', 'POST', '/api/generate/submit', body, { headers });
}

async function status(id: string) {
  return call(sim, 'poyo', 'GET', `/api/generate/status/${id}`);
}

async function finished(body: unknown) {
  const s = await submit(body);
  expect(s.status).toBe(200);
  finishAll(sim);
  const st = await status(String(at(s.json, 'data', 'task_id')));
  expect(st.status).toBe(200);
  return st.json;
}

describe('PoYo protocol', () => {
  it('submits wan-2.7-image text-to-image and answers the documented submit shape', async () => {
    const r = await submit({
      model: 'wan-2.7-image',
      callback_url: 'https://your-domain.com/callback',
      input: { prompt: 'headphones', size: '1024x1024', n: 1, seed: 24680 },
    });
    expect(r.status).toBe(200);
    expect(at(r.json, 'code')).toBe(200);
    expect(at(r.json, 'data', 'task_id')).toMatch(/^task-unified-\d+-[a-z0-9]{8}$/);
    expect(at(r.json, 'data', 'status')).toBe('not_started');
    expect(at(r.json, 'data', 'created_time')).toMatch(NAIVE_ISO);
    expect(sim.requests.at(-1)?.headers.authorization).toBe('Bearer sim-poyo-key');
  });

  it('moves a task from not_started to running to finished with real PNG files', async () => {
    // A long latency and the simulated clock: no assertion depends on real time.
    sim.configure({ latencyMs: 60_000 });
    const s = await submit({
      model: 'wan-2.7-image',
      input: { prompt: 'wide', size: '1024x576', n: 2 },
    });
    const id = String(at(s.json, 'data', 'task_id'));
    expect(at((await status(id)).json, 'data', 'status')).toBe('not_started');
    sim.advance(30_000); // past the first quarter: running
    const running = await status(id);
    expect(at(running.json, 'data', 'status')).toBe('running');
    expect(at(running.json, 'data', 'files')).toEqual([]);
    expect(at(running.json, 'data', 'finished_time')).toBeNull();
    sim.advance(30_000);
    const done = await status(id);
    const data = at(done.json, 'data');
    expect(at(data, 'status')).toBe('finished');
    expect(at(data, 'progress')).toBe(100);
    expect(at(data, 'error_message')).toBeNull();
    expect(at(data, 'finished_time')).toMatch(NAIVE_ISO);
    expect(at(data, 'credits_amount')).toBe(8.4); // 4.2 credits x 2 images
    const files = at(data, 'files') as { file_url: string; file_type: string }[];
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect(f.file_type).toBe('image');
      const d = await download(f.file_url);
      expect(d.status).toBe(200);
      const meta = await sharp(d.bytes).metadata();
      expect(meta.format).toBe('png');
      expect((meta.width ?? 0) / (meta.height ?? 1)).toBeCloseTo(1024 / 576, 1);
    }
    expect(sim.task(id)?.polls).toBe(3);
  });

  it('runs wan-2.7-image edit mode with an image uploaded to the simulator', async () => {
    const png = await sharp({
      create: { width: 300, height: 300, channels: 3, background: '#ff0000' },
    })
      .png()
      .toBuffer();
    const up = await call(sim, 'poyo', 'POST', '/api/common/upload/base64', {
      base64_data: `data:image/png;base64,${png.toString('base64')}`,
      file_name: 'red.png',
    });
    expect(up.status).toBe(200);
    expect(at(up.json, 'success')).toBe(true);
    const fileUrl = String(at(up.json, 'data', 'file_url'));
    expect((await download(fileUrl)).bytes.equals(png)).toBe(true);
    const data = await finished({
      model: 'wan-2.7-image',
      input: { prompt: 'neon street', image_urls: [fileUrl], size: { width: 1280, height: 720 } },
    });
    expect(at(data, 'data', 'status')).toBe('finished');
    const url = String(at(data, 'data', 'files', 0, 'file_url'));
    const meta = await sharp((await download(url)).bytes).metadata();
    expect(meta.width).toBe(512);
    expect(meta.height).toBe(288);
  });

  it('fails an edit whose simulator-hosted input image does not exist', async () => {
    const data = await finished({
      model: 'wan-2.7-image',
      input: { prompt: 'x', image_urls: [`${sim.url}/files/nope.png`] },
    });
    expect(at(data, 'data', 'status')).toBe('failed');
    expect(String(at(data, 'data', 'error_message'))).toMatch(/image url/i);
    expect(at(data, 'data', 'credits_amount')).toBe(0);
  });

  it('makes a small MP4 for wan2.5-image-to-video', async () => {
    const data = await finished({
      model: 'wan2.5-image-to-video',
      input: {
        prompt: 'zoom',
        image_urls: ['https://example.com/image.jpg'],
        resolution: '720p',
        duration: 5,
        seed: 225,
      },
    });
    const file = at(data, 'data', 'files', 0) as { file_url: string; file_type: string };
    expect(file.file_type).toBe('video');
    const d = await download(file.file_url);
    expect(d.type).toBe('video/mp4');
    expect(d.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(at(data, 'data', 'credits_amount')).toBe(60);
  });

  it('requires exactly one image for wan2.5-image-to-video', async () => {
    const r = await submit({
      model: 'wan2.5-image-to-video',
      input: { prompt: 'zoom', image_urls: ['https://a.example/1.jpg', 'https://a.example/2.jpg'] },
    });
    expect(r.status).toBe(400);
    expect(at(r.json, 'error', 'type')).toBe('invalid_request_error');
    expect(String(at(r.json, 'error', 'message'))).toContain(
      'input.image_urls must hold exactly 1 image',
    );
  });

  it('sizes seedream-5.0-lite outputs by ratio preset and counts n', async () => {
    const data = await finished({
      model: 'seedream-5.0-lite',
      input: { prompt: 'koi pond', size: '16:9', n: 3 },
    });
    const files = at(data, 'data', 'files') as { file_url: string }[];
    expect(files).toHaveLength(3);
    const meta = await sharp((await download(files[0]?.file_url ?? '')).bytes).metadata();
    expect((meta.width ?? 0) / (meta.height ?? 1)).toBeCloseTo(16 / 9, 1);
    expect(at(data, 'data', 'credits_amount')).toBe(15);
  });

  it('requires image_urls for seedream-5.0-lite-edit and accepts a WxH size', async () => {
    const missing = await submit({ model: 'seedream-5.0-lite-edit', input: { prompt: 'winter' } });
    expect(missing.status).toBe(400);
    expect(String(at(missing.json, 'error', 'message'))).toContain('input.image_urls is required');
    const data = await finished({
      model: 'seedream-5.0-lite-edit',
      input: { prompt: 'winter', image_urls: ['https://example.com/r.jpg'], size: '2304x1728' },
    });
    expect(at(data, 'data', 'status')).toBe('finished');
  });

  it.each([
    [
      { model: 'wan-2.7-image', input: { prompt: 'x', n: 5 } },
      'input.n must be an integer from 1 to 4',
    ],
    [
      { model: 'wan-2.7-image', input: { prompt: 'x', size: '1280x720' } },
      'input.size must be one of',
    ],
    [
      { model: 'wan-2.7-image', input: { prompt: 'x', num_images: 2 } },
      'input.num_images is not a documented field',
    ],
    [{ model: 'wan-2.7-image', input: {} }, 'input.prompt is required'],
    [
      { model: 'seedream-5.0-lite', input: { prompt: 'ab' } },
      'input.prompt must be at least 3 characters',
    ],
    [
      { model: 'seedream-5.0-lite', input: { prompt: 'abc', n: 16 } },
      'input.n must be an integer from 1 to 15',
    ],
    [{ model: 'nope', input: { prompt: 'x' } }, 'model "nope" is not served'],
  ])('refuses %j with a 400 naming the field', async (body, message) => {
    const r = await submit(body);
    expect(r.status).toBe(400);
    expect(at(r.json, 'code')).toBe(400);
    expect(at(r.json, 'error', 'type')).toBe('invalid_request_error');
    expect(String(at(r.json, 'error', 'message'))).toContain(message);
    expect(sim.tasks).toHaveLength(0);
  });

  it('answers 401 for a wrong or missing key and 402 for the broke key', async () => {
    const body = { model: 'wan-2.7-image', input: { prompt: 'x' } };
    const wrong = await call(sim, 'poyo', 'POST', '/api/generate/submit', body, { key: 'nope' });
    expect(wrong.status).toBe(401);
    expect(at(wrong.json, 'code')).toBe(401);
    const none = await call(sim, 'poyo', 'POST', '/api/generate/submit', body, { key: null });
    expect(none.status).toBe(401);
    const broke = await call(sim, 'poyo', 'POST', '/api/generate/submit', body, {
      key: 'sim-broke',
    });
    expect(broke.status).toBe(402);
    expect(String(at(broke.json, 'error', 'message'))).toMatch(/insufficient/i);
    expect(sim.tasks).toHaveLength(0);
  });

  it('answers 404 in the envelope for an unknown task', async () => {
    const r = await status('task-unified-0-missing');
    expect(r.status).toBe(404);
    expect(at(r.json, 'error', 'type')).toBe('not_found_error');
  });

  it('honours Idempotency-Key: the same key returns the same task and creates nothing', async () => {
    const body = { model: 'wan-2.7-image', input: { prompt: 'once' } };
    const a = await submit(body, { 'idempotency-key': 'k-1' });
    const b = await submit(body, { 'idempotency-key': 'k-1' });
    const c = await submit(body, { 'idempotency-key': 'k-2' });
    expect(at(b.json, 'data', 'task_id')).toBe(at(a.json, 'data', 'task_id'));
    expect(at(c.json, 'data', 'task_id')).not.toBe(at(a.json, 'data', 'task_id'));
    expect(sim.tasks).toHaveLength(2);
    expect(sim.task(String(at(a.json, 'data', 'task_id')))?.submits).toBe(2);
    expect(sim.task(String(at(a.json, 'data', 'task_id')))?.idempotencyKey).toBe('k-1');
    expect(sim.stats().idempotentReplays).toBe(1);
  });

  it('accepts a multipart stream upload and serves the file back', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'blue.png');
    form.append('file_name', 'blue.png');
    const res = await fetch(`${sim.url}/api/common/upload/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.keys.poyo}` },
      body: form,
    });
    const json: unknown = await res.json();
    expect(res.status).toBe(200);
    expect(at(json, 'code')).toBe(200);
    expect((await download(String(at(json, 'data', 'file_url')))).bytes.equals(png)).toBe(true);
    const bad = await call(sim, 'poyo', 'POST', '/api/common/upload/base64', {
      base64_data: 'aGVsbG8gd29ybGQgaGVsbG8=',
    });
    expect(bad.status).toBe(400);
    expect(String(at(bad.json, 'error', 'message'))).toContain('not a supported file');
  });

  it('reports a balance that drops as tasks finish', async () => {
    const before = at(
      (await call(sim, 'poyo', 'GET', '/api/user/balance')).json,
      'data',
      'balance',
    );
    await finished({ model: 'wan-2.7-image', input: { prompt: 'x' } });
    const after = at((await call(sim, 'poyo', 'GET', '/api/user/balance')).json, 'data', 'balance');
    expect(Number(before) - Number(after)).toBeCloseTo(4.2, 5);
  });
});
