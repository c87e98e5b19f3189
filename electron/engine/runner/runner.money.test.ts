// Money safety at the edges of the user's controls, against the simulator: a retry never
// erases what an earlier attempt cost, never pays twice for a remote task that only timed out,
// and a pause is honoured by a task that was still uploading its images when it came.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import { IMMEDIATE_RETRY } from '../http';
import { deliveredOutputs, runBatch, startHarness, writeImages } from './test-helpers';
import type { Harness } from './test-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Resolves once the simulator has received a request on `route` (checked every tick). */
function whenRequest(harness: Harness, route: string): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (harness.sim.requests.some((r) => r.route === route)) resolve();
      else setImmediate(check);
    };
    check();
  });
}

describe('money safety of retries and controls', () => {
  it('a retry keeps the cost of the earlier paid attempt in the ledger', async () => {
    h = await startHarness();
    // The provider finishes (and bills) the task, but its result link is already dead.
    const s = await runBatch(h.engine, {
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'billed but lost [sim:expire]' },
    });
    const [first] = h.engine.listTasks(s.batch.id);
    expect(first).toMatchObject({ state: 'failed', errorCode: 'url_expired' });
    const price = first?.actualCost ?? 0;
    expect(price).toBeGreaterThan(0);
    expect(s.spend.actual).toBeCloseTo(price);

    expect(h.engine.retryFailed(s.batch.id)).toBe(1);
    const again = await h.engine.waitForBatch(s.batch.id);
    // Two remote tasks were billed: the ledger shows both, on the task and on the batch.
    expect(h.sim.stats().tasksCreated.poyo).toBe(2);
    const [retried] = h.engine.listTasks(s.batch.id);
    expect(retried?.attempts).toBe(1);
    expect(retried?.actualCost).toBeCloseTo(2 * price);
    expect(again?.spend.actual).toBeCloseTo(2 * price);
  });

  it('retrying a task that only timed out collects the remote result instead of paying twice', async () => {
    // 40 ms x 1000: the remote task takes 40 simulated seconds; Genloom gives up after 300 ms.
    h = await startHarness({ sim: { slowFactor: 1000 }, engine: { taskTimeoutMs: 300 } });
    const s = await runBatch(h.engine, {
      provider: 'apixo',
      model: 'wan-2-7-image',
      params: { mode: 'omni-image' },
      prompts: { kind: 'text', text: 'slow but fine [sim:slow]' },
    });
    const [timedOut] = h.engine.listTasks(s.batch.id);
    expect(timedOut).toMatchObject({ state: 'failed', errorCode: 'timeout' });
    // The provider may still finish and bill it: the cost is not known to be zero.
    expect(timedOut?.actualCost).toBeNull();

    // The provider finishes it after Genloom stopped waiting; then the user retries.
    h.sim.advance(60_000);
    expect(h.engine.retryFailed(s.batch.id)).toBe(1);
    const done = await h.engine.waitForBatch(s.batch.id);
    expect(done?.counts.succeeded).toBe(1);
    expect(h.sim.stats().tasksCreated.apixo).toBe(1);
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task?.remoteId).toBe(timedOut?.remoteId);
    expect(task?.actualCost).toBeCloseTo(0.03);
    expect(deliveredOutputs(h.engine, s.batch.id)).toHaveLength(1);
  });

  it('a task still uploading its images when the batch is paused is not submitted', async () => {
    h = await startHarness();
    const dir = path.join(h.dir, 'in');
    await writeImages(dir, ['a.png']);
    // A refused first upload keeps the task in its upload step a little longer.
    h.sim.faults.add({ provider: 'poyo', route: 'upload', kind: 'http503', times: 1 });
    const created = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'paused while uploading' },
      inputs: { kind: 'folder', dir },
    });
    if (!created.ok) throw new Error('invalid');
    await whenRequest(h, 'upload');
    h.engine.pause(created.batchId);
    const paused = await h.engine.waitForBatch(created.batchId);
    expect(paused?.batch.status).toBe('paused');
    expect(paused?.counts.queued).toBe(1);
    expect(h.sim.stats().submits.poyo).toBe(0);

    h.engine.resume(created.batchId);
    const done = await h.engine.waitForBatch(created.batchId);
    expect(done?.counts.succeeded).toBe(1);
    expect(h.sim.stats().tasksCreated.poyo).toBe(1);
  });

  it('a resume while tasks are still uploading does not forget them in the budget', async () => {
    h = await startHarness();
    const dir = path.join(h.dir, 'in');
    await writeImages(dir, ['1.png', '2.png', '3.png', '4.png', '5.png', '6.png']);
    h.sim.faults.add({ provider: 'poyo', route: 'upload', kind: 'http503', times: 1 });
    const created = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'budgeted {file}' },
      inputs: { kind: 'folder', dir },
      concurrency: 6,
      // 4.2 credits a task: two fit, a third would pass the budget.
      budget: 9,
    });
    if (!created.ok) throw new Error('invalid');
    await whenRequest(h, 'upload');
    // The desktop app resuming (or a retry) re-reads the batch while two tasks upload.
    h.engine.resumeAll();
    const s = await h.engine.waitForBatch(created.batchId);
    expect(h.sim.stats().submits.poyo).toBe(2);
    expect(s?.counts).toMatchObject({ succeeded: 2, canceled: 4 });
    expect(s?.spend.actual).toBeLessThanOrEqual(9);
  });

  it('a retry after a partial delivery downloads every file of the new (paid) attempt', async () => {
    h = await startHarness();
    const harness = h;
    // The first file arrives; the second link has expired by the time its turn comes.
    const off = harness.engine.on('output.downloaded', () => {
      off();
      harness.sim.advance(25 * 3_600_000);
    });
    const s = await runBatch(harness.engine, {
      provider: 'apixo',
      model: 'wan-2-7-image',
      params: { mode: 'omni-image', num_images: 2 },
      prompts: { kind: 'text', text: 'two of a kind' },
    });
    const [first] = harness.engine.listTasks(s.batch.id);
    expect(first).toMatchObject({ state: 'failed', errorCode: 'url_expired' });

    expect(harness.engine.retryFailed(s.batch.id)).toBe(1);
    const again = await harness.engine.waitForBatch(s.batch.id);
    expect(again?.counts.succeeded).toBe(1);
    const [task] = harness.engine.listTasks(s.batch.id);
    const paid = harness.sim.task(task?.remoteId ?? '')?.urls ?? [];
    expect(paid).toHaveLength(2);
    const got = deliveredOutputs(harness.engine, s.batch.id).map((d) => d.output.url);
    for (const url of paid) expect(got).toContain(url);
  });
  it('a submit cut off in a batch canceled since is neither resent nor left queued forever', async () => {
    h = await startHarness();
    // The submit reaches PoYo (which creates the task) but its answer never comes back.
    h.sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'hang', times: 1, phase: 'after' });
    const created = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'cut off, then canceled' },
    });
    if (!created.ok) throw new Error('invalid');
    await whenRequest(h, 'submit');
    await h.engine.close(); // the process stops with the submit in flight
    const sim = h.sim;
    const next = createEngine({
      home: h.dir,
      providers: (id) => ({ apiKey: sim.keys[id], baseUrl: sim.baseUrls[id] }),
      pollMs: 20,
      retry: IMMEDIATE_RETRY,
    });
    h.engine = next;
    next.cancel(created.batchId);
    const report = next.resumeAll();
    expect(report.unknown).toBe(1);
    const [task] = next.listTasks(created.batchId);
    expect(task).toMatchObject({ state: 'unknown', errorCode: 'submit_outcome_unknown' });
    expect(task?.errorMessage).toMatch(/batch was canceled/);
    expect(sim.stats().submits.poyo).toBe(1);

    // Resubmitting is the user's choice: PoYo answers the same key with the task it made.
    expect(next.resolveUnknown(task?.id ?? '', 'resubmit')).toBe(true);
    const s = await next.waitForBatch(created.batchId);
    expect(s?.counts.succeeded).toBe(1);
    expect(sim.stats().tasksCreated.poyo).toBe(1);
    expect(deliveredOutputs(next, created.batchId)).toHaveLength(1);
  });
});
