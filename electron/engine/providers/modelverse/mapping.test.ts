import { describe, expect, it } from 'vitest';
import {
  describeModelverseError,
  fromModelverseStatus,
  fromModelverseSubmit,
  fromModelverseSync,
  toModelverseSyncBody,
  toModelverseTaskBody,
} from './mapping';

// Fixtures are seed 004's documented examples.
describe('toModelverseTaskBody', () => {
  it('puts prompt and images in input, the rest in parameters', () => {
    const flat = {
      prompt: 'A ragdoll cat sitting by a café window',
      images: ['https://umodelverse-inference.cn-wlcb.ufileos.com/ucloud-maxcot.jpg'],
      size: '2K',
      prompt_extend: true,
      enable_sequential: true,
      n: 4,
      seed: 123456,
      watermark: false,
    };
    expect(toModelverseTaskBody('wan2.7-image-pro', flat)).toEqual({
      model: 'wan2.7-image-pro',
      input: { prompt: flat.prompt, images: flat.images },
      parameters: {
        size: '2K',
        prompt_extend: true,
        enable_sequential: true,
        n: 4,
        seed: 123456,
        watermark: false,
      },
    });
  });

  it('sends thinking_mode as prompt_extend on the async API', () => {
    expect(
      toModelverseTaskBody('wan2.7-image', { prompt: 'x', thinking_mode: true }).parameters,
    ).toEqual({
      prompt_extend: true,
    });
  });
});

describe('toModelverseSyncBody', () => {
  it('is flat and sends prompt_extend as thinking_mode', () => {
    expect(
      toModelverseSyncBody('wan2.7-image-pro', { prompt: 'p', size: '2K', prompt_extend: true }),
    ).toEqual({
      model: 'wan2.7-image-pro',
      prompt: 'p',
      size: '2K',
      thinking_mode: true,
    });
  });
});

describe('fromModelverse*', () => {
  it('reads output.task_id on submit', () => {
    expect(
      fromModelverseSubmit({
        output: { task_id: '3c7d6b6c-7cdb-4f37-bf41-7f2b0f1a9f0d' },
        request_id: 'req_202604021530000001',
      }),
    ).toBe('3c7d6b6c-7cdb-4f37-bf41-7f2b0f1a9f0d');
  });

  it('normalises a success with output.urls and Unix-second times', () => {
    const s = fromModelverseStatus({
      output: {
        task_id: '3c7d6b6c-7cdb-4f37-bf41-7f2b0f1a9f0d',
        task_status: 'Success',
        urls: [
          'https://example.com/generated-image-1.png',
          'https://example.com/generated-image-2.png',
        ],
        submit_time: 1775115000,
        finish_time: 1775115038,
      },
      usage: { completion_tokens: 4, total_tokens: 4 },
      request_id: '',
    });
    expect(s).toEqual({
      state: 'succeeded',
      outputs: [
        { url: 'https://example.com/generated-image-1.png', type: 'image' },
        { url: 'https://example.com/generated-image-2.png', type: 'image' },
      ],
      createdAt: 1775115000_000,
      finishedAt: 1775115038_000,
    });
  });

  it('splits the failure text into code and message', () => {
    const s = fromModelverseStatus({
      output: {
        task_id: 't',
        task_status: 'Failure',
        submit_time: 1775115000,
        finish_time: 1775115012,
        error_message: 'code=InvalidParameter, message=invalid image url',
      },
      request_id: '',
    });
    expect(s).toEqual({
      state: 'failed',
      code: 'InvalidParameter',
      message: 'invalid image url',
      createdAt: 1775115000_000,
      finishedAt: 1775115012_000,
    });
  });

  it('maps Pending, Running, Cancelled and unknown strings', () => {
    const state = (s: string) =>
      fromModelverseStatus({ output: { task_id: 't', task_status: s } }).state;
    expect(['Pending', 'Running', 'Cancelled', 'Warming'].map(state)).toEqual([
      'queued',
      'running',
      'canceled',
      'running',
    ]);
  });

  it('reads sync answers, url or b64_json', () => {
    expect(
      fromModelverseSync({
        created: 1775558400,
        data: [{ url: 'https://example.com/generated-image-1.png' }, { b64_json: 'iVBORw0KGgo=' }],
      }),
    ).toEqual({
      state: 'succeeded',
      outputs: [
        { url: 'https://example.com/generated-image-1.png', type: 'image' },
        { url: 'data:image/png;base64,iVBORw0KGgo=', type: 'image' },
      ],
      createdAt: 1775558400_000,
    });
  });

  it('labels b64_json by what the bytes are, not always PNG, and drops line breaks', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
    const gif = Buffer.from('GIF89a\x01\x00', 'latin1');
    const wrapped = `${jpeg.toString('base64').slice(0, 8)}\n${jpeg.toString('base64').slice(8)}`;
    const status = fromModelverseSync({
      data: [
        { b64_json: jpeg.toString('base64') },
        { b64_json: webp.toString('base64') },
        { b64_json: gif.toString('base64') },
        { b64_json: wrapped },
        { b64_json: 'data:image/webp;base64,UklGRgAAAABXRUJQ' },
      ],
    });
    expect(status).toMatchObject({
      state: 'succeeded',
      outputs: [
        { url: `data:image/jpeg;base64,${jpeg.toString('base64')}`, type: 'image' },
        { url: `data:image/webp;base64,${webp.toString('base64')}`, type: 'image' },
        { url: `data:image/gif;base64,${gif.toString('base64')}`, type: 'image' },
        { url: `data:image/jpeg;base64,${jpeg.toString('base64')}`, type: 'image' },
        { url: 'data:image/webp;base64,UklGRgAAAABXRUJQ', type: 'image' },
      ],
    });
  });

  it('recognises content and quota errors in the envelope', () => {
    expect(
      describeModelverseError({
        error: {
          message: 'bad words',
          type: 'invalid_request_error',
          code: 'sensitive_check_error',
        },
      }).contentRejected,
    ).toBe(true);
    expect(
      describeModelverseError({
        error: {
          message: 'Access forbidden: api key quota exceeded, ...',
          type: 'permission_error',
          code: 'forbidden',
        },
      }).noBalance,
    ).toBe(true);
  });
});
