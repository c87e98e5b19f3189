// The user's controls and the engine's promises around them: a budget cap stops submitting,
// pause/resume/cancel, invalid input submits nothing, adaptive polling stays polite, and a
// restarted engine picks up where the last one stopped.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import { IMMEDIATE_RETRY } from '../http';
import { deliveredOutputs, runBatch, startHarness } from './test-helpers';
import type { Harness } from './test-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const lines = (n: number, text: string) => ({
  kind: 'lines',
  lines: Array.from({ length: n }, (_, i) => `${text} ${i + 1}`),
});

/** Resolves when `pred` holds for a task update of the batch. */
function whenTask(harness: Harness, pred: (state: string) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = harness.engine.on('task.updated', ({ task }) => {
      if (pred(task.state)) {
        off();
        resolve();
      }
    });
  });
}

describe('runner controls', () => {
  it('a budget cap stops submitting before the estimated spend would pass it', async () => {
    h = await startHarness();
    const s = await runBatch(h.engine, {
      provider: 'apixo',
      model: 'wan-2-7-image',
      params: { mode: 'omni-image' },
      prompts: lines(10, 'budgeted'),
      budget: 0.1,
    });
    // $0.03 a task: three fit in $0.10, a fourth would pass it.
    expect(s.counts.succeeded).toBe(3);
    expect(s.counts.canceled).toBe(7);
    expect(s.spend.actual).toBeLessThanOrEqual(0.1);
    expect(h.sim.stats().submits.apixo).toBe(3);
    const canceled = h.engine.listTasks(s.batch.id, { states: ['canceled'] });
    expect(canceled[0]?.errorCode).toBe('budget_exceeded');
  });

  it('refuses a budget for a model without a price, and invalid input submits nothing', async () => {
    h = await startHarness();
    const noPrice = await h.engine.createBatch({
      provider: 'modelverse',
      model: 'wan2.7-image',
      prompts: { kind: 'text', text: 'x' },
      budget: 5,
    });
    expect(noPrice.ok || noPrice.issues.map((i) => i.field)).toEqual(['budget']);
    const bad = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      params: { size: '999x1' },
      prompts: lines(3, 'x'),
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.field).toBe('params.size');
    const escape = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'x' },
      output: { template: '../{input}.{ext}' },
    });
    expect(escape.ok || escape.issues[0]?.field).toBe('output.template');
    expect(h.sim.stats().requests).toBe(0);
    expect(h.engine.listBatches()).toHaveLength(0);
  });

  it('pause stops new submits (in-flight tasks finish); resume continues', async () => {
    h = await startHarness({ sim: { latencyMs: 60 } });
    const created = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: lines(6, 'paused'),
      concurrency: 1,
    });
    if (!created.ok) throw new Error('invalid');
    await whenTask(h, (s) => s === 'submitted');
    h.engine.pause(created.batchId);
    const paused = await h.engine.waitForBatch(created.batchId);
    expect(paused?.batch.status).toBe('paused');
    expect(paused?.counts.succeeded).toBe(1);
    expect(paused?.counts.queued).toBe(5);
    h.engine.resume(created.batchId);
    const done = await h.engine.waitForBatch(created.batchId);
    expect(done?.counts.succeeded).toBe(6);
    expect(done?.batch.status).toBe('done');
  });

  it('cancel ends queued tasks; a task already at the provider is still downloaded', async () => {
    h = await startHarness({ sim: { latencyMs: 60 } });
    const created = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: lines(5, 'canceled'),
      concurrency: 1,
    });
    if (!created.ok) throw new Error('invalid');
    await whenTask(h, (s) => s === 'submitted');
    expect(h.engine.cancel(created.batchId)).toBe(4);
    const s = await h.engine.waitForBatch(created.batchId);
    expect(s?.batch.status).toBe('canceled');
    expect(s?.counts).toMatchObject({ succeeded: 1, canceled: 4 });
    expect(deliveredOutputs(h.engine, created.batchId)).toHaveLength(1);
    expect(h.sim.stats().submits.poyo).toBe(1);
  });

  it('adaptive polling (no fixed interval) finds tasks done in at most 3 polls on average', async () => {
    h = await startHarness({ sim: { latencyMs: 120, jitter: 0.1 }, engine: { pollMs: undefined } });
    const s = await runBatch(h.engine, {
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: lines(16, 'adaptive'),
      concurrency: 4,
    });
    expect(s.counts.succeeded).toBe(16);
    const polls = Object.values(h.sim.stats().pollsByTask);
    expect(polls).toHaveLength(16);
    expect(polls.reduce((a, b) => a + b, 0) / polls.length).toBeLessThanOrEqual(3);
    // The learned latency is kept for the next run.
    const saved = Object.entries(h.engine.settings.all()).find(([k]) =>
      k.startsWith('runner.latency.poyo/'),
    );
    expect(saved).toBeDefined();
  });

  it('an engine stopped mid-batch is resumed by the next one: nothing lost, nothing twice', async () => {
    h = await startHarness({ sim: { latencyMs: 80 } });
    const created = await h.engine.createBatch({
      provider: 'apixo',
      model: 'wan-2-7-image',
      params: { mode: 'omni-image' },
      prompts: lines(6, 'restarted'),
      concurrency: 3,
    });
    if (!created.ok) throw new Error('invalid');
    await whenTask(h, (s) => s === 'submitted');
    await h.engine.close();
    const dbFile = path.join(h.dir, 'genloom.db');
    const sim = h.sim;
    const next = createEngine({
      home: h.dir,
      dbFile,
      providers: (id) => ({ apiKey: sim.keys[id], baseUrl: sim.baseUrls[id] }),
      pollMs: 20,
      retry: IMMEDIATE_RETRY,
    });
    h.engine = next;
    const report = next.resumeAll();
    expect(report.batches).toContain(created.batchId);
    const s = await next.waitForBatch(created.batchId);
    expect(s?.counts.succeeded).toBe(6);
    expect(sim.stats().tasksCreated.apixo).toBe(6);
    expect(deliveredOutputs(next, created.batchId)).toHaveLength(6);
  });

  it('a refused key pauses the batch with the reason instead of failing every task', async () => {
    h = await startHarness();
    const sim = h.sim;
    await h.engine.close();
    h.engine = createEngine({
      home: h.dir,
      providers: (id) => ({
        apiKey: id === 'poyo' ? sim.brokeKey : sim.keys[id],
        baseUrl: sim.baseUrls[id],
      }),
      pollMs: 20,
      retry: IMMEDIATE_RETRY,
    });
    const reasons: string[] = [];
    h.engine.on('batch.updated', (u) => {
      if (u.reason) reasons.push(u.reason);
    });
    const created = await h.engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: lines(3, 'broke'),
    });
    if (!created.ok) throw new Error('invalid');
    const s = await h.engine.waitForBatch(created.batchId);
    expect(s?.batch.status).toBe('paused');
    expect(s?.counts.queued).toBe(3);
    expect(reasons.join(' ')).toMatch(/balance|credits/i);
    expect(sim.stats().tasksCreated.poyo).toBe(0);
  });
});
