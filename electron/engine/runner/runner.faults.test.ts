// What goes wrong in real life, against the simulator: server errors, rate limits, dropped
// connections, truncated downloads, expired links, failed and partial tasks. Every task ends
// in a state that says what happened, nothing is submitted twice, and costs settle as each
// provider bills.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveredOutputs, runBatch, startHarness } from './test-helpers';
import type { Harness } from './test-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sim.faults.clear());

const poyo = (text: string, extra: Record<string, unknown> = {}) => ({
  provider: 'poyo',
  model: 'wan-2.7-image',
  prompts: { kind: 'lines', lines: [`${text} one`, `${text} two`, `${text} three`] },
  ...extra,
});

function remoteTasksOf(batchId: string) {
  const ids = new Set(h.engine.listTasks(batchId).map((t) => t.remoteId));
  return h.sim.tasks.filter((t) => ids.has(t.id));
}

describe('the runner survives faults', () => {
  it('5xx answers on submit and status are retried; nothing is submitted twice', async () => {
    h.sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'http500', times: 2 });
    h.sim.faults.add({ provider: 'poyo', route: 'status', kind: 'http503', times: 3 });
    h.sim.faults.add({ provider: 'poyo', route: 'download', kind: 'http502', times: 1 });
    h.sim.faults.add({ provider: 'poyo', route: 'download', kind: 'drop', times: 1 });
    const before = h.sim.stats().tasksCreated.poyo;
    const s = await runBatch(h.engine, poyo('server errors'));
    expect(s.counts.succeeded).toBe(3);
    expect(h.sim.stats().tasksCreated.poyo - before).toBe(3);
    expect(deliveredOutputs(h.engine, s.batch.id)).toHaveLength(3);
  });

  it('a dropped PoYo submit is retried with the same Idempotency-Key: one task per key', async () => {
    // The task is created, then the connection dies before the answer.
    h.sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'drop', phase: 'after', times: 2 });
    h.sim.faults.add({ provider: 'poyo', route: 'status', kind: 'drop', times: 2 });
    const replays = h.sim.stats().idempotentReplays;
    const s = await runBatch(h.engine, poyo('dropped'));
    expect(s.counts.succeeded).toBe(3);
    expect(h.sim.stats().idempotentReplays - replays).toBe(2);
    const remote = remoteTasksOf(s.batch.id);
    expect(remote).toHaveLength(3);
    for (const task of h.engine.listTasks(s.batch.id)) {
      const mine = h.sim.tasks.filter((t) => t.idempotencyKey === task.idempotencyKey);
      expect(mine).toHaveLength(1);
    }
  });

  it('429s back off for everyone and still finish every task', async () => {
    h.sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'http429', times: 2 });
    const before = h.sim.stats();
    const s = await runBatch(h.engine, poyo('rate limited'));
    expect(s.counts.succeeded).toBe(3);
    const after = h.sim.stats();
    expect(after.rateLimited - before.rateLimited).toBe(2);
    expect(after.tasksCreated.poyo - before.tasksCreated.poyo).toBe(3);
  });

  it('a truncated download is detected, retried, and the file matches its hash', async () => {
    h.sim.faults.add({ route: 'download', kind: 'truncate', times: 2 });
    const s = await runBatch(h.engine, poyo('truncated'));
    expect(s.counts.succeeded).toBe(3);
    // deliveredOutputs checks every file against its recorded sha256.
    expect(deliveredOutputs(h.engine, s.batch.id)).toHaveLength(3);
  });

  it('an expired result URL ends as a clear failure, and the charge is still recorded', async () => {
    const s = await runBatch(h.engine, {
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'gone too soon [sim:expire]' },
    });
    expect(s.counts.failed).toBe(1);
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task?.errorCode).toBe('url_expired');
    expect(task?.errorMessage).toMatch(/result link expired before it could be downloaded/);
    expect(task?.actualCost).toBeGreaterThan(0);
    expect(h.engine.store.outputs.listByTask(task?.id ?? '')[0]?.state).toBe('failed');
  });

  it('a failed PoYo task costs nothing; a retry is a new request with a new key', async () => {
    const s = await runBatch(h.engine, {
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'doomed [sim:fail]' },
    });
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task).toMatchObject({ state: 'failed', actualCost: 0 });
    expect(task?.errorMessage).toBeTruthy();
    expect(h.engine.retryFailed(s.batch.id)).toBe(1);
    const again = await h.engine.waitForBatch(s.batch.id);
    const [retried] = h.engine.listTasks(s.batch.id);
    expect(again?.counts.failed).toBe(1);
    expect(retried?.attempts).toBe(1);
    expect(retried?.idempotencyKey).not.toBe(task?.idempotencyKey);
    expect(retried?.remoteId).not.toBe(task?.remoteId);
  });

  it('APIXO partial success bills only the delivered images and records the refund', async () => {
    const s = await runBatch(h.engine, {
      provider: 'apixo',
      model: 'wan-2-7-image',
      params: { mode: 'omni-image-pro', num_images: 4 },
      prompts: { kind: 'text', text: 'a set [sim:partial]' },
    });
    expect(s.counts.succeeded).toBe(1);
    const [task] = h.engine.listTasks(s.batch.id);
    const delivered = deliveredOutputs(h.engine, s.batch.id);
    expect(delivered).toHaveLength(2);
    // $0.075 x 4 precharged; final = 2 successful images x $0.075.
    expect(task?.estimatedCost).toBeCloseTo(0.3);
    expect(task?.actualCost).toBeCloseTo(0.15);
    const refund = h.engine.store.events
      .list({ taskId: task?.id })
      .find((e) => e.kind === 'cost.refund');
    expect(refund?.data).toMatchObject({ refund: 0.15 });
  });

  it('an APIXO submit with an unknown outcome waits for the user, then resubmits on request', async () => {
    // A 500 proves nothing about whether APIXO created the task: it must not be resent blindly.
    h.sim.faults.add({ provider: 'apixo', route: 'submit', kind: 'http500', times: 1 });
    const created = await h.engine.createBatch({
      provider: 'apixo',
      model: 'wan-2-7-image',
      params: { mode: 'omni-image' },
      prompts: { kind: 'text', text: 'maybe sent' },
    });
    if (!created.ok) throw new Error('invalid');
    const waiting = await h.engine.waitForBatch(created.batchId);
    expect(waiting?.counts.unknown).toBe(1);
    expect(waiting?.batch.status).toBe('active');
    const [task] = h.engine.listTasks(created.batchId);
    expect(task?.errorCode).toBe('submit_outcome_unknown');
    expect(h.engine.resolveUnknown(task?.id ?? '', 'resubmit')).toBe(true);
    const done = await h.engine.waitForBatch(created.batchId);
    expect(done?.counts.succeeded).toBe(1);
    expect(done?.batch.status).toBe('done');
  });

  it('a task that never finishes is given up on after the timeout, with a clear message', async () => {
    const short = await startHarness({ engine: { taskTimeoutMs: 300 } });
    try {
      const s = await runBatch(short.engine, {
        provider: 'modelverse',
        model: 'wan2.7-image',
        prompts: { kind: 'text', text: 'forever [sim:stuck]' },
      });
      const [task] = short.engine.listTasks(s.batch.id);
      expect(task?.state).toBe('failed');
      expect(task?.errorCode).toBe('timeout');
      expect(task?.errorMessage).toMatch(/stopped waiting/);
    } finally {
      await short.close();
    }
  });
});
