import { describe, expect, it } from 'vitest';
import { thrown } from '../test-errors';
import { fromPoyoStatus, fromPoyoSubmit, fromPoyoUpload, toPoyoBody } from './mapping';

// Fixtures are the documented examples (seed 000, providers.md 1.2-1.6).
const finished = {
  code: 200,
  data: {
    task_id: 'task-unified-1757165031-uyujaw3d',
    status: 'finished',
    progress: 100,
    files: [{ file_url: 'https://storage.poyo.ai/generated/image-abc123.jpg', file_type: 'image' }],
    created_time: '2025-11-12T10:30:00',
    error_message: null,
  },
};

describe('toPoyoBody', () => {
  it('puts the catalog input under input, with no callback_url', () => {
    const input = { prompt: 'headphones', size: { width: 1280, height: 720 }, n: 1, seed: 24680 };
    expect(toPoyoBody('wan-2.7-image', { ...input, image_urls: undefined })).toEqual({
      model: 'wan-2.7-image',
      input,
    });
  });
});

describe('fromPoyoSubmit', () => {
  it('reads data.task_id', () => {
    const reply = {
      code: 200,
      data: {
        task_id: 'task-unified-1757165031-uyujaw3d',
        status: 'not_started',
        created_time: '2025-11-12T10:30:00',
      },
    };
    expect(fromPoyoSubmit(reply)).toBe('task-unified-1757165031-uyujaw3d');
  });

  it('treats a body code >= 400 as the error it names', () => {
    const err = thrown(() =>
      fromPoyoSubmit({ code: 402, error: { message: 'Insufficient credits', type: 'billing' } }),
    );
    expect(err.code).toBe('no_balance');
    expect(err.message).toContain('Insufficient credits');
  });

  it('refuses an answer without a task id as bad_reply', () => {
    expect(thrown(() => fromPoyoSubmit({ code: 200, data: {} })).code).toBe('bad_reply');
  });
});

describe('fromPoyoStatus', () => {
  it('normalises a finished task with files and a naive UTC time', () => {
    expect(fromPoyoStatus(finished)).toEqual({
      state: 'succeeded',
      outputs: [{ url: 'https://storage.poyo.ai/generated/image-abc123.jpg', type: 'image' }],
      createdAt: Date.UTC(2025, 10, 12, 10, 30, 0),
      finishedAt: undefined,
    });
  });

  it('maps every documented raw status', () => {
    const status = (s: string) =>
      fromPoyoStatus({ code: 200, data: { task_id: 't', status: s } }).state;
    expect(['not_started', 'pending', 'queued'].map(status)).toEqual([
      'queued',
      'queued',
      'queued',
    ]);
    expect(['running', 'processing'].map(status)).toEqual(['running', 'running']);
    expect(status('something_new')).toBe('running');
  });

  it('keeps progress while running', () => {
    expect(
      fromPoyoStatus({ code: 200, data: { task_id: 't', status: 'running', progress: 40 } }),
    ).toMatchObject({
      state: 'running',
      progress: 40,
      raw: 'running',
    });
  });

  it('reports failed tasks with the error message', () => {
    const failed = fromPoyoStatus({
      code: 200,
      data: { task_id: 't', status: 'failed', files: [], error_message: 'Upstream timeout' },
    });
    expect(failed).toMatchObject({ state: 'failed', code: 'failed', message: 'Upstream timeout' });
  });

  it('types "media" files by their extension and records credits', () => {
    const s = fromPoyoStatus({
      code: 200,
      data: {
        task_id: 't',
        status: 'success',
        credits_amount: 60,
        files: [{ file_url: 'https://storage.poyo.ai/v/clip.mp4', file_type: 'media' }],
      },
    });
    expect(s).toMatchObject({ state: 'succeeded', charged: 60, outputs: [{ type: 'video' }] });
  });

  it('a malformed credits_amount never hides a finished task: the figure goes to the cost check', () => {
    const answer = (credits: unknown) =>
      fromPoyoStatus({
        code: 200,
        data: {
          task_id: 't',
          status: 'success',
          credits_amount: credits,
          files: [{ file_url: 'https://storage.poyo.ai/i/a.png' }],
        },
      });
    expect(answer('-0.5')).toMatchObject({ state: 'succeeded', charged: -0.5 });
    expect(answer('12')).toMatchObject({ state: 'succeeded', charged: 12 });
    const nan = answer('NaN');
    expect(nan.state).toBe('succeeded');
    expect(nan.state === 'succeeded' && Number.isNaN(nan.charged)).toBe(true);
    const odd = answer({ amount: 3 });
    expect(odd.state === 'succeeded' && Number.isNaN(odd.charged)).toBe(true);
    const none = answer(null);
    expect(none.state).toBe('succeeded');
    expect('charged' in none).toBe(false);
  });

  it('turns a finished task without files into a failure', () => {
    expect(
      fromPoyoStatus({ code: 200, data: { task_id: 't', status: 'finished', files: [] } }),
    ).toMatchObject({
      state: 'failed',
      code: 'no_outputs',
    });
  });

  it('refuses a reply without data.status', () => {
    expect(thrown(() => fromPoyoStatus({ code: 200, data: { task_id: 't' } })).code).toBe(
      'bad_reply',
    );
  });
});

describe('fromPoyoUpload', () => {
  it('accepts both documented envelopes', () => {
    expect(
      fromPoyoUpload({ success: true, data: { file_url: 'https://storage.poyo.ai/u/a.png' } }),
    ).toBe('https://storage.poyo.ai/u/a.png');
    expect(
      fromPoyoUpload({ code: 200, message: 'ok', data: { download_url: 'https://x/y.png' } }),
    ).toBe('https://x/y.png');
  });

  it('turns success:false into an error carrying the message', () => {
    const err = thrown(() => fromPoyoUpload({ success: false, msg: 'file type not allowed' }));
    expect(err.code).toBe('bad_request');
    expect(err.message).toContain('file type not allowed');
  });
});
