// The money-safety review's findings 1-5, each against the simulator: a database that refuses
// the remote id, a provider that answers 404 or nothing for a while, a key revoked mid-batch,
// a cancel racing a refused submit, and a provider reporting a cost no request can have.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import type { Engine } from '../engine';
import { IMMEDIATE_RETRY } from '../http';
import { walkTo } from '../store/test-fixtures';
import { readJournal } from './journal';
import { deliveredOutputs, runBatch, startHarness } from './test-helpers';
import type { Harness } from './test-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const apixo = (text: string, extra: Record<string, unknown> = {}) => ({
  provider: 'apixo',
  model: 'wan-2-7-image',
  params: { mode: 'omni-image' },
  prompts: { kind: 'text', text },
  ...extra,
});
const poyo = (lines: string[], extra: Record<string, unknown> = {}) => ({
  provider: 'poyo',
  model: 'wan-2.7-image',
  prompts: { kind: 'lines', lines },
  ...extra,
});

/** The value, or a test failure naming what was missing. */
function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}

/** Holds the database's write lock from another connection, as another process would. */
function holdWriteLock(engine: Engine): { release(): void } {
  const db = new Database(path.join(engine.home, 'genloom.db'));
  db.exec('BEGIN IMMEDIATE');
  return {
    release() {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

const journalOf = (engine: Engine): string => path.join(engine.home, 'genloom.db.journal');

/** Calls `fn` once, the first time a task of the engine reaches `state`. */
function onFirstState(engine: Engine, state: string, fn: () => void): void {
  let done = false;
  const off = engine.on('task.updated', ({ task }) => {
    if (done || task.state !== state) return;
    done = true;
    off();
    fn();
  });
}

describe('finding 1: a remote id is never known only in memory', () => {
  it('a write lock held past busy_timeout when the submit answers: the id lands when it frees', async () => {
    h = await startHarness({ engine: { runner: { persistDelay: () => 50 } } });
    const engine = h.engine;
    let lock: { release(): void } | undefined;
    // Taken while the submit is out; freed a moment later (the engine's first write attempt
    // waits out busy_timeout meanwhile and is refused).
    onFirstState(engine, 'submitting', () => {
      lock = holdWriteLock(engine);
      setTimeout(() => lock?.release(), 200);
    });
    const s = await runBatch(engine, apixo('locked out'));
    lock?.release();
    expect(lock).toBeDefined();
    expect(s.counts.succeeded).toBe(1);
    expect(h.sim.stats().tasksCreated.apixo).toBe(1);
    expect(deliveredOutputs(engine, s.batch.id)).toHaveLength(1);
    // The remote id went to the journal first, and the journal was compacted since.
    expect(existsSync(journalOf(engine))).toBe(true);
  }, 30_000);

  it('when the process must give up, the journal carries the id to the next start: no second submit', async () => {
    h = await startHarness({
      engine: { runner: { persistDeadlineMs: 10, persistDelay: () => 1 } },
    });
    const engine = h.engine;
    let lock: { release(): void } | undefined;
    onFirstState(engine, 'submitting', () => {
      lock = holdWriteLock(engine);
    });
    const created = await engine.createBatch(apixo('journaled'));
    if (!created.ok) throw new Error('not created');
    // The submit answers; its remote id reaches the journal; the database write is refused
    // past its deadline (the event loop is blocked by busy_timeout meanwhile, so the lock is
    // released only after the runner gave up).
    await until(() => readJournal(journalOf(engine)).length === 1);
    const remoteId = readJournal(journalOf(engine))[0]?.remoteId;
    await new Promise((r) => setTimeout(r, 20));
    lock?.release();
    const [task] = engine.listTasks(created.batchId);
    expect(task).toMatchObject({ state: 'submitting', remoteId: null });
    await engine.close();

    const sim = h.sim;
    const again = createEngine({
      home: h.dir,
      providers: (id) => ({ apiKey: sim.keys[id], baseUrl: sim.baseUrls[id] }),
      pollMs: 20,
      retry: { ...IMMEDIATE_RETRY, maxAttempts: 6 },
    });
    try {
      again.resumeAll();
      const s = await again.waitForBatch(created.batchId);
      expect(s?.counts.succeeded).toBe(1);
      // APIXO has no idempotency: without the journal this task would be `unknown` (pay
      // again or lose it). It was submitted exactly once.
      expect(h.sim.stats().tasksCreated.apixo).toBe(1);
      expect(again.listTasks(created.batchId)[0]?.remoteId).toBe(remoteId);
      const kinds = again.store.events.list().map((e) => e.kind);
      expect(kinds).toContain('task.journal_recovered');
    } finally {
      await again.close();
    }
  }, 30_000);
});

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('finding 2: a task the provider does not show yet is waited for, not failed', () => {
  it('404 for the first polls after a submit: the task still finishes and its file is saved', async () => {
    h = await startHarness();
    h.sim.faults.add({
      provider: 'poyo',
      route: 'status',
      kind: 'notFound',
      firstPolls: 5,
      times: 'always',
    });
    const s = await runBatch(h.engine, poyo(['not yet one', 'not yet two']));
    expect(s.counts.succeeded).toBe(2);
    expect(deliveredOutputs(h.engine, s.batch.id)).toHaveLength(2);
    expect(h.sim.stats().tasksCreated.poyo).toBe(2);
  });

  it('404 past its deadline: unknown with its remote id and cost not claimed 0; retry failed pays nothing', async () => {
    h = await startHarness({ engine: { runner: { notFoundDeadlineMs: 300 } } });
    h.sim.faults.add({ provider: 'poyo', route: 'status', kind: 'notFound', times: 'always' });
    const s = await runBatch(h.engine, poyo(['lost one']));
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task).toMatchObject({ state: 'unknown', errorCode: 'remote_not_found' });
    expect(task?.remoteId).not.toBeNull();
    expect(task?.actualCost).toBeNull();
    expect(task?.errorMessage).toMatch(/may still run and bill/);
    expect(h.engine.retryFailed(s.batch.id)).toBe(0);
    expect(h.sim.stats().tasksCreated.poyo).toBe(1);

    // The user resubmits once the provider shows the task again: it is collected, not paid twice.
    h.sim.faults.clear();
    expect(h.engine.resolveUnknown(must(task, 'task').id, 'resubmit')).toBe(true);
    const after = await h.engine.waitForBatch(s.batch.id);
    expect(after?.counts.succeeded).toBe(1);
    expect(h.sim.stats().tasksCreated.poyo).toBe(1);
  });

  it('a resubmit of a task the provider still does not know sends one new attempt', async () => {
    h = await startHarness({ engine: { runner: { notFoundDeadlineMs: 200 } } });
    const fault = h.sim.faults.add({
      provider: 'poyo',
      route: 'status',
      kind: 'notFound',
      times: 'always',
    });
    const s = await runBatch(h.engine, poyo(['gone for good']));
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task?.state).toBe('unknown');
    const firstRemote = must(task?.remoteId, 'remote id');
    // Only the first remote task stays unknown to the provider.
    h.sim.faults.remove(fault);
    h.sim.faults.add({
      provider: 'poyo',
      route: 'status',
      kind: 'notFound',
      times: 'always',
      taskId: firstRemote,
    });
    expect(h.engine.resolveUnknown(must(task, 'task').id, 'resubmit')).toBe(true);
    const after = await h.engine.waitForBatch(s.batch.id);
    expect(after?.counts.succeeded).toBe(1);
    expect(h.sim.stats().tasksCreated.poyo).toBe(2);
    expect(h.engine.listTasks(s.batch.id)[0]?.remoteId).not.toBe(firstRemote);
  });
});

describe('finding 3: polls that always fail have a deadline', () => {
  it('5xx forever: the task waits for the user as unknown and the batch settles', async () => {
    h = await startHarness({ engine: { runner: { pollFailureDeadlineMs: 300 } } });
    h.sim.faults.add({ provider: 'poyo', route: 'status', kind: 'http503', times: 'always' });
    const s = await runBatch(h.engine, poyo(['no answer']));
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task).toMatchObject({ state: 'unknown', errorCode: 'status_unavailable' });
    expect(task?.remoteId).not.toBeNull();
    expect(h.sim.stats().tasksCreated.poyo).toBe(1);
  });

  it('a key revoked mid-batch pauses the batch with words that name the provider; resume collects', async () => {
    h = await startHarness();
    h.sim.faults.add({ provider: 'apixo', route: 'status', kind: 'http401', times: 'always' });
    const reasons: string[] = [];
    h.engine.on('batch.updated', (u) => {
      if (u.reason) reasons.push(u.reason);
    });
    // Two tasks: the second one's refusal comes after the batch is already paused, and the
    // wait must still end (it once never did: the CLI exited 0 with no summary).
    const s = await runBatch(
      h.engine,
      apixo('x', { prompts: { kind: 'lines', lines: ['a', 'b'] } }),
    );
    expect(s.batch.status).toBe('paused');
    expect(reasons.join('\n')).toMatch(/apixo refused the API key.*resume the batch/i);
    for (const t of h.engine.listTasks(s.batch.id)) expect(t.state).toMatch(/submitted|running/);

    h.sim.faults.clear();
    h.engine.resume(s.batch.id);
    const after = await h.engine.waitForBatch(s.batch.id);
    expect(after?.counts.succeeded).toBe(2);
    expect(h.sim.stats().tasksCreated.apixo).toBe(2);
  });

  it('a task left waiting because its status checks failed is collected at the next start', async () => {
    h = await startHarness({ engine: { runner: { pollFailureDeadlineMs: 300 } } });
    const fault = h.sim.faults.add({
      provider: 'apixo',
      route: 'status',
      kind: 'http503',
      times: 'always',
    });
    const s = await runBatch(h.engine, apixo('later'));
    expect(h.engine.listTasks(s.batch.id)[0]?.state).toBe('unknown');
    h.sim.faults.remove(fault);
    // A start (resume without --resubmit-unknown) checks on it again: no new submit.
    h.engine.resumeAll();
    const after = await h.engine.waitForBatch(s.batch.id);
    expect(after?.counts.succeeded).toBe(1);
    expect(h.sim.stats().tasksCreated.apixo).toBe(1);
  });
});

describe('finding 4: cancel races', () => {
  it('a submit refused with 429 after its batch was canceled ends canceled, never queued', async () => {
    // One try per call: the refusal comes back to the runner at once.
    h = await startHarness({ engine: { retry: { ...IMMEDIATE_RETRY, maxAttempts: 1 } } });
    const engine = h.engine;
    h.sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'http429', times: 'always' });
    let canceled = -1;
    let batchId = '';
    // The user cancels while the submit is out.
    onFirstState(engine, 'submitting', () => {
      setImmediate(() => {
        canceled = engine.cancel(batchId);
      });
    });
    const created = await engine.createBatch(poyo(['raced']));
    if (!created.ok) throw new Error('not created');
    batchId = created.batchId;
    await until(() => canceled >= 0);
    expect(canceled).toBe(0); // the task was out, not queued
    const s = await engine.waitForBatch(created.batchId);
    expect(s?.counts).toMatchObject({ queued: 0, canceled: 1 });
    expect(engine.listTasks(created.batchId)[0]?.errorCode).toBe('canceled');
    expect(h.sim.stats().tasksCreated.poyo).toBe(0);
  });

  it('resubmitting an unknown task of a canceled batch runs that task only', async () => {
    h = await startHarness();
    const engine = h.engine;
    const created = await engine.createBatch(
      apixo('two', { prompts: { kind: 'lines', lines: ['one', 'two'] } }),
    );
    if (!created.ok) throw new Error('not created');
    engine.pause(created.batchId);
    const tasks = engine.listTasks(created.batchId);
    const a = must(tasks[0], 'task a');
    const b = must(tasks[1], 'task b');
    // Both submits are out when the user cancels.
    walkTo(engine.store, a.id, 'submitting');
    walkTo(engine.store, b.id, 'submitting');
    engine.cancel(created.batchId);
    // a's comes back refused (429): the provider did not take it.
    engine.store.tasks.transition(a.id, ['submitting'], 'queued', {});
    // b's answer never came (a restart): its outcome is unknown.
    engine.store.tasks.transition(b.id, ['submitting'], 'unknown', {
      errorCode: 'submit_outcome_unknown',
    });
    expect(engine.listTasks(created.batchId).map((t) => t.state)).toEqual(['canceled', 'unknown']);
    expect(engine.resolveUnknown(b.id, 'resubmit')).toBe(true);
    const s = await engine.waitForBatch(created.batchId);
    expect(s?.counts).toMatchObject({ canceled: 1, succeeded: 1, queued: 0 });
    expect(h.sim.stats().tasksCreated.apixo).toBe(1);
  });
});

describe('finding 5: a provider-reported cost is checked', () => {
  it('credits_amount -100 neither defeats the budget nor enters the ledger', async () => {
    h = await startHarness();
    h.sim.faults.add({
      provider: 'poyo',
      route: 'status',
      kind: 'cost',
      value: -100,
      times: 'always',
    });
    const lines = Array.from({ length: 8 }, (_, i) => `cheap ${i}`);
    const dry = await h.engine.dryRun(poyo(lines));
    const each = (dry.estimatedCost ?? 0) / 8;
    const s = await runBatch(h.engine, poyo(lines, { budget: each * 2 + each / 2 }));
    expect(h.sim.stats().tasksCreated.poyo).toBe(2);
    expect(s.counts.succeeded).toBe(2);
    for (const t of h.engine.listTasks(s.batch.id)) {
      if (t.actualCost === null) continue;
      expect(Number.isFinite(t.actualCost)).toBe(true);
      expect(t.actualCost).toBeGreaterThanOrEqual(0);
      expect(t.actualCost).toBeLessThanOrEqual(each + 1e-9);
    }
    const rejected = h.engine.store.events.list().filter((e) => e.kind === 'cost.rejected');
    expect(rejected).toHaveLength(2);
    expect(rejected[0]?.data).toMatchObject({ reported: -100, reason: 'it is below 0' });
  });
});

describe('finding 5, malformed: a cost in a shape no number has', () => {
  it('a finished task whose credits_amount is "NaN" is still collected; the estimate stands', async () => {
    h = await startHarness();
    h.sim.faults.add({
      provider: 'poyo',
      route: 'status',
      kind: 'cost',
      value: 'NaN',
      times: 'always',
    });
    const s = await runBatch(h.engine, poyo(['odd cost']));
    expect(s.counts.succeeded).toBe(1);
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task?.actualCost).toBe(task?.estimatedCost);
    const rejected = h.engine.store.events.list().filter((e) => e.kind === 'cost.rejected');
    expect(rejected[0]?.data).toMatchObject({ reason: 'it is not a finite number' });
  });
});

describe('retry after a failed download', () => {
  it('downloads the paid result again instead of submitting (and paying) a second time', async () => {
    h = await startHarness({
      engine: {
        runner: {
          deliveryRetry: {
            tries: 2,
            baseDelayMs: 5,
            maxDelayMs: 5,
            deadlineMs: 5_000,
            cancelCheckMs: 5,
            download: { ...IMMEDIATE_RETRY, maxAttempts: 2 },
          },
        },
      },
    });
    const fault = h.sim.faults.add({ route: 'download', kind: 'http502', times: 'always' });
    const s = await runBatch(h.engine, poyo(['download me']));
    const [task] = h.engine.listTasks(s.batch.id);
    expect(task?.state).toBe('failed');
    const paid = task?.actualCost;
    expect(paid).toBeGreaterThan(0);

    h.sim.faults.remove(fault);
    expect(h.engine.retryFailed(s.batch.id)).toBe(1);
    const after = await h.engine.waitForBatch(s.batch.id);
    expect(after?.counts.succeeded).toBe(1);
    expect(h.sim.stats().tasksCreated.poyo).toBe(1);
    expect(deliveredOutputs(h.engine, s.batch.id)).toHaveLength(1);
    // Nothing more was paid: the cost is the one attempt's.
    expect(h.engine.listTasks(s.batch.id)[0]?.actualCost).toBe(paid);
  });
});

describe('finding 12: the default output folder is checked before money moves', () => {
  it.runIf(process.platform === 'linux')(
    'a data folder that cannot be created fails the start at once, naming it',
    () => {
      // Before: Node's recursive mkdir never returned here (the test timed out).
      expect(() => createEngine({ home: '/proc/x/genloom', providers: () => undefined })).toThrow(
        /data folder \/proc\/x\/genloom cannot be created.*GENLOOM_HOME/,
      );
    },
  );

  it('a default folder that cannot take files refuses the batch; nothing is submitted', async () => {
    h = await startHarness();
    // <home>/outputs is a regular file: nothing can be saved under it.
    writeFileSync(h.engine.defaultOutputDir(), 'not a folder');
    const created = await h.engine.createBatch(poyo(['nowhere to go']));
    expect(created.ok).toBe(false);
    if (created.ok) return;
    expect(created.issues[0]?.field).toBe('output.dir');
    expect(h.sim.stats().tasksCreated.poyo).toBe(0);
    expect(h.sim.requests.filter((r) => r.route === 'submit')).toHaveLength(0);
  });
});

describe('output outcomes that are not failures', () => {
  it('a file kept by the collision policy is a skipped output, and the task succeeded', async () => {
    h = await startHarness();
    const out = path.join(h.dir, 'same-place');
    const spec = poyo(['kept'], {
      output: { dir: out, template: 'fixed.{ext}', collision: 'skip' },
    });
    const first = await runBatch(h.engine, spec);
    expect(first.counts.succeeded).toBe(1);
    const second = await runBatch(h.engine, spec);
    expect(second.counts).toMatchObject({ succeeded: 1, failed: 0 });
    const [task] = h.engine.listTasks(second.batch.id);
    const [output] = h.engine.store.outputs.listByTask(must(task, 'task').id);
    expect(output).toMatchObject({ state: 'skipped' });
    expect(output?.error).toMatch(/already exists \(collision policy "skip"\)/);
  });
});

describe('finding 13: clock jumps', () => {
  it('a wall clock that jumps 7 h ahead and back neither times tasks out nor stalls their polls', async () => {
    let offset = 0;
    const engineNow = () => Date.now() + offset;
    h = await startHarness({ engine: { now: engineNow, taskTimeoutMs: 6 * 3_600_000 } });
    const engine = h.engine;
    onFirstState(engine, 'submitted', () => {
      offset = 7 * 3_600_000; // forward past the task timeout
      setTimeout(() => {
        offset = -3_600_000; // then an hour behind
      }, 30);
    });
    const s = await runBatch(engine, poyo(['tick', 'tock']));
    expect(s.counts.succeeded).toBe(2);
    expect(engine.listTasks(s.batch.id).every((t) => t.errorCode === null)).toBe(true);
  }, 20_000);
});
