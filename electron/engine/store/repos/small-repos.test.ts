import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../connection';
import type { Store } from '../store-api';
import { newBatch, newTask } from '../test-fixtures';

let store: Store;
beforeEach(() => {
  store = openStore(':memory:', { now: () => 7 });
  store.batches.create(newBatch());
  store.tasks.insertMany([newTask(1)]);
});
afterEach(() => store.close());

describe('batches', () => {
  it('round-trips a batch and refuses a duplicate id', () => {
    expect(store.batches.get('b1')).toMatchObject({
      status: 'active',
      spec: { prompt: 'x' },
      collision: 'suffix',
      budget: null,
      createdAt: 7,
    });
    expect(() => store.batches.create(newBatch())).toThrow(/batch\.id "b1" already exists/);
  });

  it('lists newest first, filters by status and sets status', () => {
    store.batches.create(newBatch({ id: 'b2', createdAt: 100 }));
    expect(store.batches.list().map((b) => b.id)).toEqual(['b2', 'b1']);
    expect(store.batches.setStatus('b2', 'paused')).toBe(true);
    expect(store.batches.setStatus('zz', 'paused')).toBe(false);
    expect(store.batches.list({ statuses: ['paused'] }).map((b) => b.id)).toEqual(['b2']);
    expect(() => store.batches.setStatus('b1', 'gone' as 'done')).toThrow(/status must be one of/);
  });
});

describe('outputs', () => {
  it('is idempotent per (task, idx) and never resets a finished output', () => {
    const a = store.outputs.insert({ taskId: 't1', idx: 0, url: 'http://old', type: 'image' });
    const b = store.outputs.insert({ taskId: 't1', idx: 0, url: 'http://new', type: 'image' });
    expect(b.id).toBe(a.id);
    expect(b.url).toBe('http://new');
    store.outputs.markDone(a.id, {
      path: '/o.png',
      bytes: 3,
      sha256: 'h',
      sidecarPath: '/o.png.json',
    });
    const c = store.outputs.insert({ taskId: 't1', idx: 0, url: 'http://later', type: 'image' });
    expect(c).toMatchObject({
      url: 'http://new',
      state: 'done',
      path: '/o.png',
      sidecarPath: '/o.png.json',
    });
  });

  it('re-arms a failed output when the URL is seen again', () => {
    const a = store.outputs.insert({ taskId: 't1', idx: 0, url: 'u1', type: 'video' });
    store.outputs.markFailed(a.id, 'url_expired');
    expect(store.outputs.get(a.id)).toMatchObject({ state: 'failed', error: 'url_expired' });
    store.outputs.insert({ taskId: 't1', idx: 0, url: 'u2', type: 'video' });
    expect(store.outputs.get(a.id)).toMatchObject({ state: 'pending', error: null, url: 'u2' });
  });

  it('an inline output keeps its bytes until saved, then only a note of them', () => {
    const data = `data:image/png;base64,${'A'.repeat(100_000)}`;
    const a = store.outputs.insert({ taskId: 't1', idx: 0, url: data, type: 'image' });
    store.outputs.markFailed(a.id, 'disk full');
    // Still there for a retry of the save.
    expect(store.outputs.get(a.id)?.url).toBe(data);
    expect(store.outputs.rearm(a.id)).toBe(true);
    store.outputs.markDone(a.id, { path: '/o.png', bytes: 75_000, sha256: 'h' });
    const done = store.outputs.get(a.id);
    expect(done?.url).toBe('data:image/png;base64,(100000 characters inline, saved to the file)');
    expect(store.outputs.get(a.id)?.state).toBe('done');
  });

  it('keeps a reserved path and lists outputs in index order', () => {
    const b = store.outputs.insert({ taskId: 't1', idx: 1, url: 'u', type: 'image' });
    store.outputs.insert({ taskId: 't1', idx: 0, url: 'u', type: 'image' });
    store.outputs.setPath(b.id, '/out/x-1.png');
    expect(store.outputs.listByTask('t1').map((o) => [o.idx, o.path])).toEqual([
      [0, null],
      [1, '/out/x-1.png'],
    ]);
    expect(() => store.outputs.markDone(999, { path: 'p', bytes: 1, sha256: 'h' })).toThrow(
      /output id 999 does not exist/,
    );
    expect(() => store.outputs.insert({ taskId: 't1', idx: -1, url: 'u', type: 'image' })).toThrow(
      /output\.idx must be an integer >= 0/,
    );
  });
});

describe('events', () => {
  it('appends and lists in order with filters', () => {
    const id1 = store.events.append({ kind: 'batch.created', batchId: 'b1', data: { n: 1 } });
    store.events.append({ kind: 'task.updated', batchId: 'b1', taskId: 't1' });
    store.events.append({ kind: 'other' });
    expect(store.events.list({ batchId: 'b1' }).map((e) => e.kind)).toEqual([
      'batch.created',
      'task.updated',
    ]);
    expect(store.events.list({ afterId: id1, limit: 1 }).map((e) => e.kind)).toEqual([
      'task.updated',
    ]);
    expect(store.events.list({ taskId: 't1' })[0]).toMatchObject({ at: 7, data: null });
    expect(store.events.list()[0]?.data).toEqual({ n: 1 });
  });

  it('is append-only at the database level', () => {
    store.events.append({ kind: 'x' });
    expect(() => store.db.prepare("UPDATE events SET kind = 'y'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
  });
});

describe('uploads and settings', () => {
  it('caches upload URLs per (sha256, provider)', () => {
    store.uploads.put({ sha256: 'h', provider: 'poyo', url: 'u1', uploadedAt: 1 });
    store.uploads.put({ sha256: 'h', provider: 'poyo', url: 'u2', uploadedAt: 2 });
    expect(store.uploads.get('h', 'poyo')).toEqual({
      sha256: 'h',
      provider: 'poyo',
      url: 'u2',
      uploadedAt: 2,
    });
    expect(store.uploads.get('h', 'apixo')).toBeUndefined();
  });

  it('stores JSON settings and refuses anything named like a secret', () => {
    store.settings.set('concurrency', { poyo: 4 });
    store.settings.set('theme', 'dark');
    expect(store.settings.all()).toEqual({ concurrency: { poyo: 4 }, theme: 'dark' });
    store.settings.set('theme', undefined);
    expect(store.settings.get('theme')).toBeUndefined();
    for (const key of ['poyo.apiKey', 'API_KEY', 'modelverse_token', 'password']) {
      expect(() => store.settings.set(key, 'sk-123'), key).toThrow(
        expect.objectContaining({ code: 'secret_refused' }),
      );
    }
    expect(() => store.settings.set('', 1)).toThrow(/1 to 200 characters/);
  });
});
