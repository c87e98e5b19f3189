// The store's gate: every task state change checked against the one table and recorded as the
// task's event in the same transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../index';
import type { Store } from '../index';

let store: Store;

function task(id: string, seq: number) {
  return {
    id,
    batchId: 'b',
    seq,
    provider: 'poyo' as const,
    model: 'm',
    params: {},
    prompt: 'p',
    idempotencyKey: `k-${id}`,
  };
}

beforeEach(() => {
  store = openStore(':memory:');
  store.batches.create({
    id: 'b',
    name: 'b',
    provider: 'poyo',
    model: 'm',
    spec: {},
    outDir: '/tmp',
    template: 't',
    collision: 'suffix',
    currency: 'credits',
  });
  store.tasks.insertMany([task('t', 1), task('u', 2), task('v', 3)]);
});
afterEach(() => store.close());

const kinds = (taskId: string) => store.events.list({ taskId }).map((e) => e.kind);

describe('the task gate', () => {
  it('applies a move only from a state still current: a second actor loses', () => {
    expect(store.tasks.transition('t', ['queued'], 'submitting')).toBe(true);
    expect(store.tasks.transition('t', ['queued'], 'submitting')).toBe(false);
    expect(store.tasks.get('t')?.state).toBe('submitting');
  });

  it('refuses a move the table does not list, whatever the caller believes', () => {
    expect(() => store.tasks.transition('t', ['succeeded'], 'queued')).toThrow(
      /illegal task transition succeeded -> queued/,
    );
    expect(() => store.tasks.transitionBatch('b', ['running'], 'queued')).toThrow(/illegal/);
    expect(store.tasks.get('t')?.state).toBe('queued');
  });

  it('writes the task event with the move, in the same transaction', () => {
    store.tasks.transition('t', ['queued'], 'submitting');
    store.tasks.setSubmitted('t', { remoteId: 'r1', provider: 'poyo', model: 'm' });
    store.tasks.transition('t', ['submitted'], 'failed', {
      errorCode: 'boom',
      errorMessage: 'it broke',
    });
    expect(kinds('t')).toEqual(['task.submitting', 'task.submitted', 'task.failed']);
    const last = store.events.list({ taskId: 't' }).at(-1);
    expect(last?.data).toMatchObject({ from: 'submitted', code: 'boom', message: 'it broke' });
    expect(store.events.list({ taskId: 't' })[1]?.data).toMatchObject({ remoteId: 'r1' });
    // A move that did not apply leaves no event.
    expect(store.tasks.transition('t', ['queued'], 'submitting')).toBe(false);
    expect(kinds('t')).toHaveLength(3);
  });

  it('a failed event write undoes the move: state and history never disagree', () => {
    store.transaction(() => {
      // Stand-in for a crash mid-transaction: the move happened, then the transaction throws.
      expect(() =>
        store.transaction(() => {
          store.tasks.transition('t', ['queued'], 'submitting');
          throw new Error('crash');
        }),
      ).toThrow('crash');
    });
    expect(store.tasks.get('t')?.state).toBe('queued');
    expect(kinds('t')).toEqual([]);
  });

  it('a requeue in a batch canceled meanwhile ends the task canceled, never queued', () => {
    store.tasks.transition('t', ['queued'], 'submitting');
    store.batches.setStatus('b', 'canceled');
    expect(store.tasks.transition('t', ['submitting'], 'queued', {})).toBe(true);
    const t = store.tasks.get('t');
    expect(t?.state).toBe('canceled');
    expect(t?.errorCode).toBe('canceled');
    expect(kinds('t')).toEqual(['task.submitting', 'task.canceled']);
  });

  it('a batch move writes one event per task moved', () => {
    store.tasks.transition('t', ['queued'], 'submitting');
    const n = store.tasks.transitionBatch('b', ['queued'], 'canceled', {
      errorCode: 'canceled',
      errorMessage: 'the user canceled',
    });
    expect(n).toBe(2);
    expect(kinds('u')).toEqual(['task.canceled']);
    expect(kinds('v')).toEqual(['task.canceled']);
    expect(store.events.list({ taskId: 'u' })[0]?.data).toMatchObject({
      from: 'queued',
      code: 'canceled',
    });
    expect(kinds('t')).toEqual(['task.submitting']);
  });
});
