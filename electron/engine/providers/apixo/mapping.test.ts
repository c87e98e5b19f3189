import { describe, expect, it } from 'vitest';
import { thrown } from '../test-errors';
import { describeApixoError, fromApixoStatus, fromApixoSubmit, toApixoBody } from './mapping';

// Fixtures are seed 003's documented examples.
describe('toApixoBody', () => {
  it('always asks for async delivery and passes the input through', () => {
    const input = {
      mode: 'omni-image-pro',
      prompt: 'a cinematic panda',
      resolution: '2k',
      num_images: 1,
    };
    expect(toApixoBody(input)).toEqual({ request_type: 'async', input });
  });
});

describe('fromApixoSubmit', () => {
  it('reads data.taskId', () => {
    expect(
      fromApixoSubmit({ code: 200, message: 'success', data: { taskId: 'task_12345678' } }),
    ).toBe('task_12345678');
  });
});

describe('fromApixoStatus', () => {
  it('parses resultJson and Unix ms times on success', () => {
    const s = fromApixoStatus({
      code: 200,
      message: 'success',
      data: {
        taskId: 'task_12345678',
        state: 'success',
        resultJson: '{"resultUrls":["https://file.apixo.ai/image.png"]}',
        createTime: 1767965610929,
        completeTime: 1767965652317,
        costTime: 41388,
      },
    });
    expect(s).toEqual({
      state: 'succeeded',
      outputs: [{ url: 'https://file.apixo.ai/image.png', type: 'image' }],
      createdAt: 1767965610929,
      finishedAt: 1767965652317,
    });
  });

  it('keeps failCode as an open string with failMsg', () => {
    const s = fromApixoStatus({
      code: 200,
      message: 'success',
      data: {
        taskId: 'task_12345678',
        state: 'failed',
        failCode: 'InvalidParameter',
        failMsg: 'The parameter is invalid',
        createTime: 1767965610929,
        completeTime: 1767965620132,
      },
    });
    expect(s).toEqual({
      state: 'failed',
      code: 'InvalidParameter',
      message: 'The parameter is invalid',
      createdAt: 1767965610929,
      finishedAt: 1767965620132,
    });
  });

  it('maps pending to queued, processing and unknown states to running', () => {
    const state = (s: string) =>
      fromApixoStatus({ code: 200, data: { taskId: 't', state: s, createTime: 1767965610929 } });
    expect(state('pending').state).toBe('queued');
    expect(state('processing')).toEqual({
      state: 'running',
      createdAt: 1767965610929,
      raw: 'processing',
    });
    expect(state('warming_up').state).toBe('running');
  });

  it('reports a resultJson that is not JSON as bad_reply', () => {
    const err = thrown(() =>
      fromApixoStatus({
        code: 200,
        data: { taskId: 't', state: 'success', resultJson: '{"resultUrls":[' },
      }),
    );
    expect(err.code).toBe('bad_reply');
    expect(err.message).toContain('resultJson');
  });

  it('treats an envelope code >= 400 as an error', () => {
    expect(
      thrown(() => fromApixoStatus({ code: 401, message: 'Invalid API key', data: null })).code,
    ).toBe('bad_key');
  });
});

describe('describeApixoError', () => {
  it('joins message and data.error', () => {
    expect(
      describeApixoError({
        code: 400,
        message: 'Invalid request',
        data: { error: 'Missing required field: input.prompt' },
      }),
    ).toMatchObject({
      providerMessage: 'Invalid request: Missing required field: input.prompt',
      hasEnvelope: true,
      contentRejected: false,
    });
  });
});
