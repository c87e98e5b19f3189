// One driver per database: a second engine on the same file reads but does not drive, stop
// actions (pause, cancel) reach the driver through the store, and a dead driver's lease is
// taken over at once (same host, pid gone) or after a long silence (another host). The rules
// of takeover in detail: driver-lease.takeover.test.ts.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, EngineError } from '../engine';
import type { Engine } from '../engine';
import { IMMEDIATE_RETRY } from '../http';
import type { LeaseClaim } from '../store/index';
import { startHarness } from './test-helpers';
import type { Harness } from './test-helpers';

let h: Harness | undefined;
const others: Engine[] = [];
afterEach(async () => {
  for (const e of others.splice(0)) await e.close();
  await h?.close();
  h = undefined;
});

const BUSY =
  /^another Genloom process \(pid (\d+) on (.+), since (\S+)\) is running batches on this database; wait for it to finish or close it$/;

const spec = (n: number, concurrency = 2) => ({
  provider: 'apixo',
  model: 'wan-2-7-image',
  params: { mode: 'omni-image' },
  prompts: { kind: 'lines', lines: Array.from({ length: n }, (_, i) => `lease ${i + 1}`) },
  concurrency,
});

/** Waits (bounded) until `check` holds; no timing is asserted. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function secondEngine(harness: Harness): Engine {
  const engine = createEngine({
    home: harness.dir,
    providers: (id) => ({ apiKey: harness.sim.keys[id], baseUrl: harness.sim.baseUrls[id] }),
    pollMs: 20,
    retry: { ...IMMEDIATE_RETRY, maxAttempts: 6 },
  });
  others.push(engine);
  return engine;
}

function busyError(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected db_busy');
}

/** A lease row as another process would have written it. */
function plant(engine: Engine, holder: Partial<LeaseClaim>): LeaseClaim {
  const row: LeaseClaim = {
    owner: 'other-process',
    pid: 4242,
    hostname: 'render-box-7',
    startedAt: Date.now() - 120_000,
    heartbeatAt: Date.now(),
    ...holder,
  };
  const taken = engine.store.lease.acquire(row, () => true);
  expect(taken.ok).toBe(true);
  return row;
}

describe('driver lease', () => {
  it('a second engine reads but does not drive; its pause reaches the driver', async () => {
    // Tasks stay in flight until the simulated clock is advanced.
    h = await startHarness({ sim: { latencyMs: 60_000 } });
    const created = await h.engine.createBatch(spec(4));
    if (!created.ok) throw new Error('batch refused');
    const { batchId } = created;
    await until(
      () => h?.engine.listTasks(batchId, { states: ['submitted', 'running'] }).length === 2,
      'two tasks in flight',
    );

    const b = secondEngine(h);
    // Reads work.
    expect(b.listBatches().map((s) => s.batch.id)).toEqual([batchId]);
    expect(b.getBatch(batchId)?.counts.queued).toBe(2);
    expect((await b.dryRun(spec(3))).tasks).toBe(3);
    expect(b.history({ limit: 10 }).items).toEqual([]);
    // Starting work is refused, naming the driver.
    const refused = await b.createBatch(spec(1)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).code).toBe('db_busy');
    const m = BUSY.exec((refused as EngineError).message);
    expect(m?.[1]).toBe(String(process.pid));
    expect(m?.[2]).toBe(os.hostname());
    expect(busyError(() => b.resumeAll()).code).toBe('db_busy');
    // The refused resume marked none of the driver's in-flight submits unknown.
    expect(b.getBatch(batchId)?.counts.unknown).toBe(0);
    expect(b.listBatches()).toHaveLength(1);

    // Pause from the second engine: the driver submits nothing more once its tasks end.
    const reasons: string[] = [];
    h.engine.on('batch.updated', (u) => {
      if (u.reason) reasons.push(u.reason);
    });
    b.pause(batchId);
    h.sim.advance(60_000);
    const settled = await h.engine.waitForBatch(batchId);
    expect(settled?.batch.status).toBe('paused');
    expect(settled?.counts).toMatchObject({ succeeded: 2, queued: 2 });
    expect(h.sim.stats().submits.apixo).toBe(2);
    expect(reasons).toContain('paused from another Genloom window or process');
    // Resuming is starting work: refused while the driver lives.
    expect(busyError(() => b.resume(batchId)).code).toBe('db_busy');

    // Once the driver closes, the second engine drives the rest.
    await h.engine.close();
    expect(b.store.lease.get()).toBeUndefined();
    h.sim.configure({ latencyMs: 40 });
    b.resume(batchId);
    const done = await b.waitForBatch(batchId);
    expect(done?.batch.status).toBe('done');
    expect(done?.counts.succeeded).toBe(4);
    expect(h.sim.stats().submits.apixo).toBe(4);
  });

  it('cancel from a second engine stops the driver from submitting the rest', async () => {
    h = await startHarness({ sim: { latencyMs: 60_000 } });
    const created = await h.engine.createBatch(spec(5, 1));
    if (!created.ok) throw new Error('batch refused');
    const { batchId } = created;
    await until(() => h?.sim.tasks.length === 1, 'one task in flight');
    const b = secondEngine(h);
    expect(b.cancel(batchId)).toBe(4);
    h.sim.advance(60_000);
    const settled = await h.engine.waitForBatch(batchId);
    // The task in flight was paid for: it ran to the end and was downloaded.
    expect(settled?.counts).toMatchObject({ succeeded: 1, canceled: 4 });
    expect(settled?.batch.status).toBe('canceled');
    expect(h.sim.stats().submits.apixo).toBe(1);
  });

  it('refuses a lease from another host, even one 31 s old, until it stays silent long', async () => {
    h = await startHarness({ engine: { lease: { silenceMs: 20 } } });
    plant(h.engine, { heartbeatAt: Date.now() - 31_000 });
    const refused = busyError(() => h?.engine.resumeAll());
    expect(refused.message).toMatch(BUSY);
    expect(refused.message).toContain('pid 4242 on render-box-7');
    expect(h.sim.stats().requests).toBe(0);

    // This engine has now seen the same heartbeat for longer than the silence (shortened
    // here from 10 minutes): the process is gone (or cut off).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const created = await h.engine.createBatch(spec(2));
    expect(created.ok).toBe(true);
    expect(h.engine.store.lease.get()?.pid).toBe(process.pid);
    const takeover = h.engine.store.events.list({}).find((e) => e.kind === 'lease.taken_over');
    expect(takeover?.data).toMatchObject({ pid: 4242, hostname: 'render-box-7' });
  });

  it('takes over at once from a dead process on this host (kill -9), not from a live one', async () => {
    h = await startHarness();
    // A live process on this host holds it: refused, however old its start.
    plant(h.engine, { hostname: os.hostname(), pid: process.pid, owner: 'another-engine' });
    expect(busyError(() => h?.engine.resumeAll()).code).toBe('db_busy');
    // A process that has exited: its pid is gone, its fresh heartbeat does not matter.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    plant(h.engine, { hostname: os.hostname(), pid: dead, heartbeatAt: Date.now() });
    const s = h.engine.resumeAll();
    expect(s.batches).toEqual([]);
    expect(h.engine.store.lease.get()?.owner).not.toBe('other-process');
  });

  it('a driver whose lease was taken over stops submitting', async () => {
    h = await startHarness({ sim: { latencyMs: 60_000 } });
    const created = await h.engine.createBatch(spec(3, 1));
    if (!created.ok) throw new Error('batch refused');
    await until(
      () => h?.engine.listTasks(created.batchId, { states: ['submitted'] }).length === 1,
      'one task in flight',
    );
    // Another process judged us gone (say it could not prove we live) and took over.
    plant(h.engine, { heartbeatAt: Date.now() });
    h.sim.advance(60_000);
    await h.engine.waitForBatch(created.batchId);
    expect(h.sim.stats().submits.apixo).toBe(1);
    expect(h.engine.store.events.list({}).some((e) => e.kind === 'lease.lost')).toBe(true);
    // Its late writes were refused: the task in flight is the new holder's to finish and
    // download, not ours to race it for.
    const inFlight = h.engine.listTasks(created.batchId).filter((t) => t.remoteId !== null);
    expect(inFlight.map((t) => t.state)).toEqual(['submitted']);
    expect(h.engine.store.outputs.listByTask(inFlight[0]?.id ?? '')).toEqual([]);
    expect(busyError(() => h?.engine.resumeAll()).message).toMatch(/another one took over/);
  });
});
