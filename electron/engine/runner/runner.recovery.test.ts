// Tasks the provider stopped answering about, in a batch the user canceled meanwhile: what was
// made is paid for, so it is still checked on and collected; only unknown submits end with
// the cancel. (Found by the randomized fault test, seed 9002.)
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch, startHarness } from './test-helpers';
import type { Harness } from './test-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a canceled batch and a task the provider stopped answering about', () => {
  it('cancel leaves it to be checked; the next start collects it without a new submit', async () => {
    h = await startHarness({ engine: { runner: { pollFailureDeadlineMs: 300 } } });
    const fault = h.sim.faults.add({
      provider: 'modelverse',
      route: 'status',
      kind: 'http503',
      times: 'always',
    });
    const s = await runBatch(h.engine, {
      provider: 'modelverse',
      model: 'wan2.7-image',
      prompts: { kind: 'text', text: 'paid for' },
    });
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task).toMatchObject({ state: 'unknown', errorCode: 'status_unavailable' });
    h.engine.cancel(s.batch.id);
    expect(h.engine.listTasks(s.batch.id)[0]?.state).toBe('unknown');

    h.sim.faults.remove(fault);
    h.engine.resumeAll();
    const after = await h.engine.waitForBatch(s.batch.id);
    expect(after?.counts.succeeded).toBe(1);
    expect(h.sim.stats().tasksCreated.modelverse).toBe(1);
  });
});

describe('retry after cancel', () => {
  it('retrying the failed tasks of a canceled batch reopens it for them, and they run', async () => {
    h = await startHarness();
    // A canceled batch with failures: retry must run them, not park them in the queue.
    const created = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'lines', lines: ['x [sim:fail]', 'y [sim:fail]', 'z [sim:slow]'] },
    });
    if (!created.ok) throw new Error('not created');
    await new Promise((r) => setTimeout(r, 200));
    h.engine.cancel(created.batchId);
    const canceled = await h.engine.waitForBatch(created.batchId);
    expect(canceled?.batch.status).toBe('canceled');
    const failed = canceled?.counts.failed ?? 0;
    expect(failed).toBeGreaterThan(0);
    const before = h.sim.stats().tasksCreated.poyo;
    expect(h.engine.retryFailed(created.batchId)).toBe(failed);
    const after = await h.engine.waitForBatch(created.batchId);
    expect(after?.counts.queued).toBe(0);
    // Each failed task was submitted once more (the simulator fails them again: same prompt).
    expect(h.sim.stats().tasksCreated.poyo - before).toBe(failed);
  });
});
