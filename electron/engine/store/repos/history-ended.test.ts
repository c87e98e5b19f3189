// history.endedTasks: the failed and canceled tasks History's status filter lists (they have
// no outputs, so history.search can never find them).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../connection';
import type { Store } from '../store-api';
import { newBatch, newTask, walkTo } from '../test-fixtures';

let store: Store;
let clock = 1_000;

beforeEach(() => {
  clock = 1_000;
  store = openStore(':memory:', { now: () => clock });
  store.batches.create(newBatch({ id: 'b1', name: 'Spring catalog' }));
  store.batches.create(newBatch({ id: 'b2', name: 'Autumn set', currency: 'USD' }));
  store.tasks.insertMany([
    newTask(1, { prompt: 'a red fox in snow' }),
    newTask(2, { prompt: 'a blue whale at dusk' }),
    newTask(3, { prompt: 'a red fox at dawn' }),
    newTask(4, { prompt: 'a lamp', id: 'u1', batchId: 'b2', idempotencyKey: 'u1', seq: 1 }),
    newTask(5, { prompt: 'a chair', id: 'u2', batchId: 'b2', idempotencyKey: 'u2', seq: 2 }),
  ]);
  // Ends, one tick apart: t1 failed, t2 succeeded, u1 canceled, t3 failed, u2 stays queued.
  const end = (id: string, to: 'failed' | 'canceled' | 'succeeded') => {
    clock += 10;
    const patch =
      to === 'failed' ? { errorCode: 'content_policy', errorMessage: 'refused by the model' } : {};
    walkTo(store, id, to, patch);
  };
  end('t1', 'failed');
  end('t2', 'succeeded');
  end('u1', 'canceled');
  end('t3', 'failed');
});
afterEach(() => store.close());

describe('history.endedTasks', () => {
  it('lists failed and canceled tasks newest change first, with their batch and error', () => {
    const page = store.history.endedTasks({});
    expect(page.total).toBe(3);
    expect(page.items.map((i) => [i.taskId, i.state])).toEqual([
      ['t3', 'failed'],
      ['u1', 'canceled'],
      ['t1', 'failed'],
    ]);
    expect(page.items[0]).toMatchObject({
      batchId: 'b1',
      batchName: 'Spring catalog',
      provider: 'poyo',
      errorCode: 'content_policy',
      errorMessage: 'refused by the model',
      prompt: 'a red fox at dawn',
      currency: 'credits',
      estimatedCost: 5,
      updatedAt: 1_040,
    });
    expect(page.items[1]).toMatchObject({ batchName: 'Autumn set', currency: 'USD' });
  });

  it('filters by state, text, batch, provider, model and time', () => {
    const ids = (q: Parameters<Store['history']['endedTasks']>[0]) =>
      store.history.endedTasks(q).items.map((i) => i.taskId);
    expect(ids({ states: ['canceled'] })).toEqual(['u1']);
    expect(ids({ states: ['failed'] })).toEqual(['t3', 't1']);
    expect(ids({ text: 'fox' })).toEqual(['t3', 't1']);
    expect(ids({ text: 'autumn' })).toEqual(['u1']);
    expect(ids({ batchId: 'b2' })).toEqual(['u1']);
    expect(ids({ provider: 'apixo' })).toEqual([]);
    expect(ids({ model: 'seedream-5.0-lite' })).toEqual(['t3', 'u1', 't1']);
    expect(ids({ from: 1_030, to: 1_041 })).toEqual(['t3', 'u1']);
  });

  it('pages by offset with a total of all matches', () => {
    expect(store.history.endedTasks({ limit: 2 }).items.map((i) => i.taskId)).toEqual(['t3', 'u1']);
    const last = store.history.endedTasks({ limit: 2, offset: 2 });
    expect(last).toMatchObject({ total: 3 });
    expect(last.items.map((i) => i.taskId)).toEqual(['t1']);
    expect(store.history.endedTasks({ offset: 9 })).toEqual({ total: 3, items: [] });
  });

  it('refuses a limit above 500 and a state that is not an ended one, naming the rule', () => {
    expect(() => store.history.endedTasks({ limit: 501 })).toThrow(
      /limit must be an integer from 1 to 500/,
    );
    expect(() => store.history.endedTasks({ states: ['queued' as unknown as 'failed'] })).toThrow(
      /states must hold only failed or canceled/,
    );
  });
});
