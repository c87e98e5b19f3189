import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../connection';
import type { Store } from '../store-api';
import { newBatch, newTask, walkTo } from '../test-fixtures';

let store: Store;
let clock = 1_000;
beforeEach(() => {
  clock = 1_000;
  store = openStore(':memory:', { now: () => clock });
  store.batches.create(newBatch());
});
afterEach(() => store.close());

describe('tasks.insertMany', () => {
  it('stores tasks with their inputs and idempotency keys, queued by default', () => {
    store.tasks.insertMany([
      newTask(1, {
        seed: 42,
        inputs: [{ path: '/in/a/cat.png', relPath: 'a/cat.png', bytes: 10, sha256: 'aa' }],
      }),
      newTask(2),
    ]);
    const t = store.tasks.get('t1');
    expect(t).toMatchObject({
      batchId: 'b1',
      seq: 1,
      state: 'queued',
      seed: 42,
      idempotencyKey: 'key-1',
      params: { prompt: 'a red fox number 1', size: '1:1' },
      attempts: 0,
      remoteId: null,
      createdAt: 1_000,
    });
    expect(store.tasks.inputs('t1')).toEqual([
      { id: 1, taskId: 't1', path: '/in/a/cat.png', relPath: 'a/cat.png', bytes: 10, sha256: 'aa' },
    ]);
    expect(store.tasks.getByIdempotencyKey('key-2')?.id).toBe('t2');
  });

  it('is all or nothing: a duplicate idempotency key inserts none of the tasks', () => {
    expect(() =>
      store.tasks.insertMany([newTask(1), newTask(2), newTask(3, { idempotencyKey: 'key-1' })]),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(store.tasks.listByBatch('b1')).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM task_fts').pluck().get()).toBe(0);
  });

  it('refuses tasks of an unknown batch with a message naming the field', () => {
    expect(() => store.tasks.insertMany([newTask(1, { batchId: 'nope' })])).toThrow(
      /task\.batchId "nope" is not a known batch/,
    );
  });

  it('inserts many rows in one call', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => newTask(i + 1));
    store.tasks.insertMany(many);
    expect(store.tasks.countsByState('b1').queued).toBe(2_000);
  });
});

describe('tasks.transition (the guarded update)', () => {
  beforeEach(() => store.tasks.insertMany([newTask(1), newTask(2)]));

  it('applies when the current state is in `from` and sets the patch in the same update', () => {
    clock = 2_000;
    const ok = store.tasks.transition('t1', ['queued'], 'submitting', { incrementAttempts: true });
    expect(ok).toBe(true);
    expect(store.tasks.get('t1')).toMatchObject({
      state: 'submitting',
      attempts: 1,
      updatedAt: 2_000,
    });
  });

  it('refuses a from-state that is not current and changes nothing', () => {
    expect(
      store.tasks.transition('t1', ['running', 'submitted'], 'downloading', { actualCost: 9 }),
    ).toBe(false);
    expect(store.tasks.get('t1')).toMatchObject({ state: 'queued', actualCost: null });
  });

  it('lets only one of two racing writers win', () => {
    expect(store.tasks.transition('t1', ['queued'], 'submitting')).toBe(true);
    expect(store.tasks.transition('t1', ['queued'], 'submitting')).toBe(false);
  });

  it('returns false for a missing task', () => {
    expect(store.tasks.transition('ghost', ['queued'], 'canceled')).toBe(false);
  });

  it('clears a column given null and keeps one left undefined', () => {
    store.tasks.transition('t1', ['queued'], 'failed', { errorCode: 'x', errorMessage: 'bad' });
    store.tasks.transition('t1', ['failed'], 'queued', { errorCode: null });
    expect(store.tasks.get('t1')).toMatchObject({ errorCode: null, errorMessage: 'bad' });
  });

  it('writes a new idempotency key only when the guard applies, and keeps keys unique', () => {
    store.tasks.transition('t1', ['queued'], 'failed', { errorCode: 'x' });
    expect(store.tasks.transition('t1', ['unknown'], 'queued', { idempotencyKey: 'lost' })).toBe(
      false,
    );
    expect(store.tasks.get('t1')?.idempotencyKey).toBe('key-1');
    expect(
      store.tasks.transition('t1', ['failed'], 'queued', { idempotencyKey: 'key-1-retry' }),
    ).toBe(true);
    expect(store.tasks.get('t1')).toMatchObject({ state: 'queued', idempotencyKey: 'key-1-retry' });
    expect(store.tasks.getByIdempotencyKey('key-1')).toBeUndefined();
    // Another task's key is refused by the UNIQUE column: no two tasks share a key.
    store.tasks.transition('t2', ['queued'], 'failed', {});
    expect(() =>
      store.tasks.transition('t2', ['failed'], 'queued', { idempotencyKey: 'key-1-retry' }),
    ).toThrow(/UNIQUE/);
  });

  it('rejects unknown state names with a clear error', () => {
    expect(() => store.tasks.transition('t1', ['queud' as 'queued'], 'running')).toThrow(
      /from\[0\] must be one of queued/,
    );
    expect(() => store.tasks.transition('t1', [], 'running')).toThrow(/at least one/);
  });

  it('moves a whole batch with transitionBatch', () => {
    store.tasks.transition('t2', ['queued'], 'submitting');
    expect(store.tasks.transitionBatch('b1', ['queued'], 'canceled')).toBe(1);
    expect(store.tasks.countsByState('b1')).toMatchObject({ canceled: 1, submitting: 1 });
  });
});

describe('tasks.setSubmitted and polling', () => {
  beforeEach(() => store.tasks.insertMany([newTask(1)]));

  it('writes the remote id in one guarded statement', () => {
    expect(store.tasks.setSubmitted('t1', { remoteId: 'r-1', provider: 'poyo', model: 'm2' })).toBe(
      false,
    ); // still queued: a submit answer cannot land before 'submitting'
    store.tasks.transition('t1', ['queued'], 'submitting');
    clock = 5_000;
    expect(
      store.tasks.setSubmitted('t1', {
        remoteId: 'r-1',
        provider: 'poyo',
        model: 'm2',
        nextPollAt: 9_000,
      }),
    ).toBe(true);
    expect(store.tasks.get('t1')).toMatchObject({
      state: 'submitted',
      remoteId: 'r-1',
      model: 'seedream-5.0-lite',
      submittedAt: 5_000,
      nextPollAt: 9_000,
    });
    expect(store.tasks.setSubmitted('t1', { remoteId: 'r-2', provider: 'poyo', model: 'm2' })).toBe(
      false,
    );
    expect(store.tasks.get('t1')?.remoteId).toBe('r-1');
  });

  it('accepts a late answer for a task whose submit outcome was unknown', () => {
    walkTo(store, 't1', 'unknown', { errorCode: 'submit_outcome_unknown' });
    expect(store.tasks.setSubmitted('t1', { remoteId: 'r', provider: 'poyo', model: 'm' })).toBe(
      true,
    );
    expect(store.tasks.get('t1')).toMatchObject({ state: 'submitted', errorCode: null });
  });

  it('counts polls', () => {
    store.tasks.recordPoll('t1', 100);
    store.tasks.recordPoll('t1', 200);
    expect(store.tasks.get('t1')).toMatchObject({ pollCount: 2, nextPollAt: 200 });
  });
});

describe('task queries', () => {
  it('lists by batch with state filters and paging, in seq order', () => {
    store.tasks.insertMany([newTask(3), newTask(1), newTask(2)]);
    store.tasks.transition('t2', ['queued'], 'failed');
    expect(store.tasks.listByBatch('b1').map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    expect(store.tasks.listByBatch('b1', { states: ['queued'] }).map((t) => t.id)).toEqual([
      't1',
      't3',
    ]);
    expect(store.tasks.listByBatch('b1', { limit: 1, offset: 1 }).map((t) => t.id)).toEqual(['t2']);
  });

  it('nextQueued skips paused batches and takes the oldest batch first', () => {
    store.batches.create(newBatch({ id: 'b2', createdAt: 5_000 }));
    store.batches.create(newBatch({ id: 'b0', createdAt: 10 }));
    store.tasks.insertMany([
      newTask(1),
      newTask(2),
      newTask(1, { id: 'x1', batchId: 'b2', idempotencyKey: 'x1' }),
      newTask(1, { id: 'z1', batchId: 'b0', idempotencyKey: 'z1' }),
    ]);
    store.batches.setStatus('b0', 'paused');
    expect(store.tasks.nextQueued(null, 10).map((t) => t.id)).toEqual(['t1', 't2', 'x1']);
    expect(store.tasks.nextQueued(null, 1).map((t) => t.id)).toEqual(['t1']);
    expect(store.tasks.nextQueued('b0', 10).map((t) => t.id)).toEqual(['z1']);
  });

  it('listActive returns every task that may hold remote work', () => {
    store.tasks.insertMany([1, 2, 3, 4, 5, 6].map((i) => newTask(i)));
    walkTo(store, 't1', 'submitting');
    walkTo(store, 't2', 'running');
    walkTo(store, 't3', 'unknown');
    walkTo(store, 't4', 'downloading');
    walkTo(store, 't5', 'succeeded');
    expect(store.tasks.listActive().map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
  });

  it('sums estimated and actual cost per provider and currency', () => {
    store.tasks.insertMany([newTask(1), newTask(2), newTask(3, { estimatedCost: null })]);
    walkTo(store, 't1', 'succeeded', { actualCost: 4 });
    expect(store.tasks.costSummary('b1')).toEqual([
      { provider: 'poyo', currency: 'credits', estimated: 10, actual: 4, tasks: 3 },
    ]);
    expect(store.tasks.costSummary()).toEqual(store.tasks.costSummary('b1'));
  });
});
