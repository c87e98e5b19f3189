import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../connection';
import type { Store } from '../store-api';
import { newBatch, newTask, walkTo } from '../test-fixtures';
import { toFtsQuery } from './fts-query';

let store: Store;
const clock = 0;

/**
 * One batch with n tasks of one output each, output i created at time 100*i; the tasks in
 * `failed` ended failed after their output was saved (another of their files failed).
 */
function seed(n: number, failed: readonly string[] = []): void {
  store.tasks.insertMany(
    Array.from({ length: n }, (_, i) =>
      newTask(i + 1, {
        prompt: i % 2 ? 'a blue whale at dusk' : 'a red fox in snow',
        inputs: [
          {
            path: `/in/img_${i + 1}.png`,
            relPath: `set/img_${i + 1}.png`,
            bytes: 1,
            sha256: `in${i + 1}`,
          },
        ],
      }),
    ),
  );
  for (let i = 1; i <= n; i++) {
    const o = store.outputs.insert({
      taskId: `t${i}`,
      idx: 0,
      url: `http://x/${i}`,
      type: 'image',
      createdAt: 100 * i,
    });
    store.outputs.markDone(o.id, { path: `/out/${i}.png`, bytes: i, sha256: `out${i}` });
    walkTo(store, `t${i}`, 'downloading', { actualCost: 5 });
    const end = failed.includes(`t${i}`) ? 'failed' : 'succeeded';
    store.tasks.transition(`t${i}`, ['downloading'], end);
  }
}

beforeEach(() => {
  store = openStore(':memory:', { now: () => clock });
  store.batches.create(newBatch({ name: 'Spring catalog' }));
});
afterEach(() => store.close());

describe('history.search', () => {
  it('returns joined items newest first with a total', () => {
    seed(3);
    const page = store.history.search({ limit: 10 });
    expect(page.total).toBe(3);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((i) => i.taskId)).toEqual(['t3', 't2', 't1']);
    expect(page.items[0]).toMatchObject({
      path: '/out/3.png',
      type: 'image',
      bytes: 3,
      sha256: 'out3',
      prompt: 'a red fox in snow',
      provider: 'poyo',
      model: 'seedream-5.0-lite',
      batchId: 'b1',
      batchName: 'Spring catalog',
      params: { size: '1:1' },
      actualCost: 5,
      currency: 'credits',
      createdAt: 300,
      taskState: 'succeeded',
    });
  });

  it('pages with a stable keyset cursor: no repeats, no gaps, even as rows are added', () => {
    seed(7);
    const seen: string[] = [];
    let page = store.history.search({ limit: 3 });
    seen.push(...page.items.map((i) => i.taskId));
    // A newer output arriving between pages must not shift the next page.
    store.tasks.insertMany([newTask(99)]);
    const o = store.outputs.insert({
      taskId: 't99',
      idx: 0,
      url: 'u',
      type: 'image',
      createdAt: 10_000,
    });
    store.outputs.markDone(o.id, { path: '/p', bytes: 1, sha256: 's' });
    while (page.nextCursor) {
      page = store.history.search({ limit: 3, cursor: page.nextCursor });
      seen.push(...page.items.map((i) => i.taskId));
    }
    expect(seen).toEqual(['t7', 't6', 't5', 't4', 't3', 't2', 't1']);
  });

  it('breaks ties on equal created_at by id', () => {
    store.tasks.insertMany([newTask(1)]);
    for (const idx of [0, 1, 2]) {
      const o = store.outputs.insert({ taskId: 't1', idx, url: 'u', type: 'image', createdAt: 50 });
      store.outputs.markDone(o.id, { path: `/p${idx}`, bytes: 1, sha256: 's' });
    }
    const a = store.history.search({ limit: 2 });
    const b = store.history.search({ limit: 2, cursor: a.nextCursor });
    expect([...a.items, ...b.items].map((i) => i.outputIdx)).toEqual([2, 1, 0]);
  });

  it('filters by text over prompt words, input file names and batch name', () => {
    seed(4);
    expect(store.history.search({ text: 'whale' }).items.map((i) => i.taskId)).toEqual([
      't4',
      't2',
    ]);
    expect(store.history.search({ text: 'img_3' }).items.map((i) => i.taskId)).toEqual(['t3']);
    expect(store.history.search({ text: 'img_3.png' }).total).toBe(1);
    expect(store.history.search({ text: 'spring' }).total).toBe(4);
    expect(store.history.search({ text: 'red fox' }).total).toBe(2);
    expect(store.history.search({ text: 'fo' }).total).toBe(2); // prefix
    expect(store.history.search({ text: 'red whale' }).total).toBe(0); // words are ANDed
  });

  it('never throws on FTS syntax typed by a user', () => {
    seed(2);
    const nasty = [
      '"',
      '""',
      'fox"',
      '*',
      'fox*',
      '-fox',
      'prompt:fox',
      'AND',
      'fox AND',
      'OR OR',
      'NOT',
      'NEAR(fox',
      '(',
      ')',
      '^fox',
      'fox +',
      '{prompt}: x',
      "'",
      '\\',
      '.',
      '***',
      'a"b"c',
    ];
    for (const text of nasty) {
      expect(() => store.history.search({ text }), text).not.toThrow();
    }
    expect(store.history.search({ text: '"fox"' }).total).toBe(1);
    expect(store.history.search({ text: 'AND' }).total).toBe(0);
    expect(store.history.search({ text: '***' }).total).toBe(2); // nothing searchable: no filter
  });

  it('filters by provider, model, task state, batch and date range', () => {
    seed(4, ['t1']);
    expect(store.history.search({ state: 'failed' }).items.map((i) => i.taskId)).toEqual(['t1']);
    expect(store.history.search({ provider: 'apixo' }).total).toBe(0);
    expect(store.history.search({ model: 'seedream-5.0-lite' }).total).toBe(4);
    expect(store.history.search({ batchId: 'b1' }).total).toBe(4);
    expect(store.history.search({ batchId: 'b2' }).total).toBe(0);
    expect(store.history.search({ from: 200, to: 400 }).items.map((i) => i.taskId)).toEqual([
      't3',
      't2',
    ]);
  });

  it('lists only downloaded outputs unless asked for every output', () => {
    seed(1);
    store.tasks.insertMany([newTask(2)]);
    store.outputs.insert({ taskId: 't2', idx: 0, url: 'u', type: 'image', createdAt: 999 });
    expect(store.history.search({}).total).toBe(1);
    expect(store.history.search({ outputState: 'any' }).total).toBe(2);
    expect(store.history.search({ outputState: 'pending' }).items[0]?.path).toBeNull();
  });

  it('refuses a forged cursor and a bad limit with clear errors', () => {
    expect(() => store.history.search({ cursor: 'garbage!' })).toThrow(
      expect.objectContaining({ code: 'bad_cursor' }),
    );
    expect(() => store.history.search({ limit: 0 })).toThrow(
      /limit must be an integer from 1 to 500/,
    );
  });
});

describe('history.window', () => {
  /** Every item of a query, read as consecutive windows of `size`. */
  function readAllWindows(
    q: Omit<Parameters<Store['history']['window']>[0], 'offset'>,
    size: number,
  ) {
    const ids: string[] = [];
    let offset = 0;
    for (;;) {
      const w = store.history.window({ ...q, offset, limit: size });
      expect(w.offset).toBe(offset);
      ids.push(...w.items.map((i) => i.taskId));
      if (w.items.length < size) return { ids, total: w.total };
      offset += size;
    }
  }

  it('reads any position directly, in the same order as the keyset pages', () => {
    seed(23);
    const keyset: string[] = [];
    let page = store.history.search({ limit: 4 });
    keyset.push(...page.items.map((i) => i.taskId));
    while (page.nextCursor) {
      page = store.history.search({ limit: 4, cursor: page.nextCursor });
      keyset.push(...page.items.map((i) => i.taskId));
    }
    const windows = readAllWindows({}, 5);
    expect(windows.total).toBe(23);
    expect(windows.ids).toEqual(keyset); // no gaps, no repeats
    const far = store.history.window({ offset: 20, limit: 10 });
    expect(far.items.map((i) => i.taskId)).toEqual(['t3', 't2', 't1']);
    expect(far.items[0]).toMatchObject({ path: '/out/3.png', batchName: 'Spring catalog' });
  });

  it('applies the same filters as search, with a total per filter', () => {
    seed(12, ['t4']);
    store.batches.create(newBatch({ id: 'b2', name: 'Autumn', provider: 'apixo' }));
    store.tasks.insertMany([
      newTask(50, { batchId: 'b2', provider: 'apixo', model: 'wan-2.7-image' }),
    ]);
    const o = store.outputs.insert({
      taskId: 't50',
      idx: 0,
      url: 'u',
      type: 'image',
      createdAt: 5,
    });
    store.outputs.markDone(o.id, { path: '/p50', bytes: 1, sha256: 's50' });

    const cases: Omit<Parameters<Store['history']['window']>[0], 'offset'>[] = [
      { text: 'whale' },
      { provider: 'apixo' },
      { provider: 'poyo', text: 'fox' },
      { model: 'seedream-5.0-lite' },
      { state: 'failed' },
      { batchId: 'b1', from: 300, to: 900 },
      { outputState: 'any', batchId: 'b2' },
    ];
    for (const q of cases) {
      const keyset = store.history.search({ ...q, limit: 500 });
      const windows = readAllWindows(q, 2);
      expect(windows.ids, JSON.stringify(q)).toEqual(keyset.items.map((i) => i.taskId));
      expect(windows.total, JSON.stringify(q)).toBe(keyset.total);
    }
    expect(readAllWindows({ provider: 'apixo' }, 2).ids).toEqual(['t50']);
    expect(readAllWindows({ batchId: 'b1', from: 300, to: 900 }, 2).ids).toEqual([
      't8',
      't7',
      't6',
      't5',
      't4',
      't3',
    ]);
  });

  it('answers past the end with no items and the total, and refuses a bad offset', () => {
    seed(3);
    expect(store.history.window({ offset: 3, limit: 10 })).toEqual({
      items: [],
      offset: 3,
      total: 3,
    });
    expect(() => store.history.window({ offset: -1 })).toThrow(
      /offset must be a whole number, 0 or more/,
    );
    expect(() => store.history.window({ offset: 1.5 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => store.history.window({ offset: 0, limit: 501 })).toThrow(/limit must be/);
  });
});

describe('history.lineage', () => {
  it('links an output to the tasks that later used it as input', () => {
    seed(1); // t1 produced a file with sha256 out1
    store.tasks.insertMany([
      newTask(2, { inputs: [{ path: '/out/1.png', relPath: '1.png', bytes: 1, sha256: 'out1' }] }),
    ]);
    const o = store.outputs.insert({
      taskId: 't2',
      idx: 0,
      url: 'u',
      type: 'image',
      createdAt: 500,
    });
    store.outputs.markDone(o.id, { path: '/out/2.png', bytes: 2, sha256: 'out2' });
    const l = store.history.lineage('out1');
    expect(l.producedBy.map((i) => i.taskId)).toEqual(['t1']);
    expect(l.usedBy.map((i) => i.sha256)).toEqual(['out2']);
  });
});

describe('toFtsQuery', () => {
  it('quotes every word and drops FTS operators to plain text', () => {
    expect(toFtsQuery('red "fox" -x')).toBe('"red"* "fox"* "x"*');
    expect(toFtsQuery('cat_01.png')).toBe('"cat 01 png"*');
    expect(toFtsQuery('  ')).toBeNull();
  });
});
