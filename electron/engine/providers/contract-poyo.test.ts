// PoYo client against the simulator: the exact request PoYo receives, and the normalised result.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../http-errors';
import { PoyoClient } from './poyo/client';
import { submitValidated } from './submit';
import { FAST_RETRY, okOrThrow, pollToEnd, rejection, sent, useHarness } from './contract-harness';

const h = useHarness();

const fileUrl = () => expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\//);

describe('PoYo contract', () => {
  it('text-to-image (wan-2.7-image): exact submit, idempotency key, normalised success', async () => {
    const input = {
      prompt: 'A clean product photo of wireless headphones',
      size: '1024x1024',
      n: 2,
      seed: 24680,
    };
    const out = okOrThrow(
      await submitValidated('poyo', 'wan-2.7-image', input, 'idem-t2i', h.ctx()),
    );
    const [submit] = sent(h.sim, 'poyo', 'submit');
    expect(submit).toMatchObject({ method: 'POST', path: '/api/generate/submit', status: 200 });
    expect(submit?.body).toEqual({ model: 'wan-2.7-image', input });
    expect(submit?.headers.authorization).toBe('Bearer sim-poyo-key');
    expect(submit?.headers['idempotency-key']).toBe('idem-t2i');
    expect(submit?.headers['content-type']).toBe('application/json');

    const task = h.sim.task(out.result.remoteId);
    const { status, seen } = await pollToEnd(h.sim, h.poyo, 'wan-2.7-image', out.result.remoteId);
    expect(seen[0]).toBe('queued');
    const poll = sent(h.sim, 'poyo', 'status')[0];
    expect(poll).toMatchObject({
      method: 'GET',
      path: `/api/generate/status/${out.result.remoteId}`,
    });
    expect(poll?.headers.authorization).toBe('Bearer sim-poyo-key');
    // Naive ISO seconds, read as UTC.
    const created = Math.floor((task?.createdAt ?? 0) / 1000) * 1000;
    expect(status).toEqual({
      state: 'succeeded',
      outputs: [
        { url: fileUrl(), type: 'image' },
        { url: fileUrl(), type: 'image' },
      ],
      createdAt: created,
      finishedAt: expect.any(Number),
      charged: 8.4, // 4.2 credits x 2 images, as the simulator bills them
    });
  });

  it('seedream-5.0-lite text-to-image with n=3 and a ratio size', async () => {
    const input = { prompt: 'A serene Japanese garden with cherry blossoms', size: '16:9', n: 3 };
    const out = okOrThrow(
      await submitValidated('poyo', 'seedream-5.0-lite', input, 'idem-sd', h.ctx()),
    );
    expect(sent(h.sim, 'poyo', 'submit')[0]?.body).toEqual({ model: 'seedream-5.0-lite', input });
    const { status } = await pollToEnd(h.sim, h.poyo, 'seedream-5.0-lite', out.result.remoteId);
    expect(status).toMatchObject({ state: 'succeeded', charged: 15 });
    expect(status.state === 'succeeded' && status.outputs).toHaveLength(3);
  });

  it('edit with local images: uploads each distinct file once, then submits the hosted URLs', async () => {
    const ctx = h.ctx();
    const input = {
      prompt: 'Transform the scene to a winter wonderland',
      image_urls: [h.img.jpeg, 'photo.png', h.img.jpegCopy, 'https://example.com/reference1.jpg'],
      size: '2304x1728',
      n: 1,
    };
    const out = okOrThrow(
      await submitValidated('poyo', 'seedream-5.0-lite-edit', input, 'idem-ed', ctx),
    );
    const uploads = sent(h.sim, 'poyo', 'upload');
    // photo.jpg and its copy share content: two uploads, not three.
    expect(uploads).toHaveLength(2);
    const jpeg = await readFile(h.img.jpeg);
    expect(uploads[0]).toMatchObject({ method: 'POST', path: '/api/common/upload/base64' });
    expect(uploads[0]?.headers.authorization).toBe('Bearer sim-poyo-key');
    const uploadBodies = uploads.map((u) => u.body as { base64_data: string; file_name: string });
    expect(uploadBodies.map((b) => b.base64_data)).toContain(
      `data:image/jpeg;base64,${jpeg.toString('base64')}`,
    );
    // The user's file names do not leave the machine: the upload is named by content hash.
    expect(uploadBodies.every((b) => /^[0-9a-f]{16}\.(jpg|png)$/.test(b.file_name))).toBe(true);

    const body = sent(h.sim, 'poyo', 'submit')[0]?.body as { input: { image_urls: string[] } };
    const urls = body.input.image_urls;
    expect(urls).toHaveLength(4);
    expect(urls[0]).toBe(urls[2]);
    expect(urls[3]).toBe('https://example.com/reference1.jpg');
    expect(out.input.image_urls).toEqual(urls);
    expect(body).toEqual({
      model: 'seedream-5.0-lite-edit',
      input: { ...input, image_urls: urls },
    });

    // A second task with the same file in the same batch reuses the upload.
    okOrThrow(
      await submitValidated(
        'poyo',
        'wan-2.7-image',
        { prompt: 'again', image_urls: [h.img.jpegCopy] },
        'idem-ed2',
        ctx,
      ),
    );
    expect(sent(h.sim, 'poyo', 'upload')).toHaveLength(2);
    const { status } = await pollToEnd(
      h.sim,
      h.poyo,
      'seedream-5.0-lite-edit',
      out.result.remoteId,
    );
    expect(status.state).toBe('succeeded');
  });

  it('image-to-video (wan2.5-image-to-video): uploads the frame and returns a video', async () => {
    const input = {
      prompt: 'A warm, cinematic zoom-in',
      image_urls: [h.img.png],
      resolution: '720p',
      duration: 5,
      seed: 225,
    };
    const out = okOrThrow(
      await submitValidated('poyo', 'wan2.5-image-to-video', input, 'idem-v', h.ctx()),
    );
    const hosted = (sent(h.sim, 'poyo', 'submit')[0]?.body as { input: { image_urls: string[] } })
      .input.image_urls;
    expect(sent(h.sim, 'poyo', 'submit')[0]?.body).toEqual({
      model: 'wan2.5-image-to-video',
      input: { ...input, image_urls: hosted },
    });
    const { status } = await pollToEnd(h.sim, h.poyo, 'wan2.5-image-to-video', out.result.remoteId);
    expect(status).toMatchObject({
      state: 'succeeded',
      outputs: [{ url: fileUrl(), type: 'video' }],
      charged: 60,
    });
  });

  it('uploads through the stream endpoint when configured', async () => {
    const client = new PoyoClient(
      { apiKey: h.sim.keys.poyo, baseUrl: h.sim.baseUrls.poyo },
      { http: h.http, retry: FAST_RETRY, uploadMode: 'stream' },
    );
    const png = await readFile(h.img.png);
    const url = await client.upload({
      path: h.img.png,
      bytes: png,
      mime: 'image/png',
      sha256: 'ab'.repeat(32),
    });
    expect(url).toEqual(fileUrl());
    const [upload] = sent(h.sim, 'poyo', 'upload');
    expect(upload?.path).toBe('/api/common/upload/stream');
    expect(String(upload?.headers['content-type'])).toMatch(/^multipart\/form-data/);
  });

  it('failures: generic, content policy, partial success and expired result URLs', async () => {
    const run = async (prompt: string, n = 1) => {
      const out = okOrThrow(
        await submitValidated('poyo', 'wan-2.7-image', { prompt, n }, `k-${prompt}`, h.ctx()),
      );
      return (await pollToEnd(h.sim, h.poyo, 'wan-2.7-image', out.result.remoteId)).status;
    };
    expect(await run('x [sim:fail]')).toMatchObject({
      state: 'failed',
      code: 'failed',
      message: 'Generation failed: the upstream model did not finish in time',
    });
    expect(await run('x [sim:content]')).toMatchObject({
      state: 'failed',
      code: 'content_rejected',
    });
    const partial = await run('x [sim:partial]', 4);
    expect(partial.state === 'succeeded' && partial.outputs).toHaveLength(2);
    const expired = await run('x [sim:expire]');
    if (expired.state !== 'succeeded') throw new Error('expected success');
    const err = await h.http.stream(expired.outputs[0]?.url ?? '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('expired');
  });

  it('a wrong key is bad_key, says what to set, and never shows the key', async () => {
    const client = new PoyoClient(
      { apiKey: 'sk-wrong-key-123', baseUrl: h.sim.baseUrls.poyo },
      { http: h.http, retry: FAST_RETRY },
    );
    const err = await rejection(
      client.submit({ model: 'wan-2.7-image', input: { prompt: 'p' }, idempotencyKey: 'k' }),
    );
    expect(err).toMatchObject({ code: 'bad_key', httpStatus: 401, retryable: false });
    expect(err.message).toContain('GENLOOM_POYO_API_KEY');
    expect(err.message).not.toContain('sk-wrong-key-123');
    expect(sent(h.sim, 'poyo', 'submit')).toHaveLength(1);
  });

  it('an empty balance is no_balance', async () => {
    const client = new PoyoClient(
      { apiKey: h.sim.brokeKey, baseUrl: h.sim.baseUrls.poyo },
      { http: h.http, retry: FAST_RETRY },
    );
    const err = await rejection(
      client.submit({ model: 'wan-2.7-image', input: { prompt: 'p' }, idempotencyKey: 'k' }),
    );
    expect(err).toMatchObject({ code: 'no_balance', httpStatus: 402 });
    expect(err.message).toMatch(/Top up/);
    expect(await h.poyo.balance()).toEqual({ balance: 10000 });
  });
});
