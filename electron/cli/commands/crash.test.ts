// kill -9 of the real CLI at seeded moments, then `resume`: every task reaches an end state,
// nothing is submitted twice, and every output is on disk exactly once. PoYo submits cut off
// mid-flight are retried with the same Idempotency-Key; an APIXO submit cut off mid-flight
// becomes `unknown` and `resume` exits 3 until --resubmit-unknown.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store/index';
import { startSimulator } from '../../engine/simulator/index';
import type { Simulator } from '../../engine/simulator/index';
import { sha256 } from '../../engine/runner/test-helpers';
import { runCli, simEnv } from './cli-test-helpers';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 90, seed: 5 });
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-crash-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A seeded PRNG: the kill moments are random but the same on every run. */
function rng(seed: number): (lo: number, hi: number) => number {
  let a = seed;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return lo + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo + 1));
  };
}

/** Kill once the simulator has seen `n` more requests than now. */
function afterRequests(n: number): () => boolean {
  const start = sim.requests.length;
  return () => sim.requests.length >= start + n;
}

/** Files in a folder tree, sidecars and temp files told apart. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

function statesOf(db: string) {
  const store = openStore(db);
  try {
    return store.tasks.countsByState(store.batches.list({ limit: 1 })[0]?.id ?? '');
  } finally {
    store.close();
  }
}

function checkDatabase(db: string, out: string) {
  const store = openStore(db);
  try {
    const batch = store.batches.list({ limit: 1 })[0];
    if (!batch) throw new Error('no batch');
    const tasks = store.tasks.listByBatch(batch.id);
    const outputs = tasks.flatMap((t) => store.outputs.listByTask(t.id));
    for (const o of outputs) {
      expect(o.state).toBe('done');
      expect(sha256(o.path ?? '')).toBe(o.sha256);
    }
    const files = filesUnder(out);
    expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
    // Each output once: no second copy under another name.
    const media = files.filter((f) => f.endsWith('.png'));
    expect(media.sort()).toEqual(outputs.map((o) => o.path ?? '').sort());
    expect(files.filter((f) => f.endsWith('.png.json'))).toHaveLength(outputs.length);
    return { batch, tasks, outputs };
  } finally {
    store.close();
  }
}

describe('kill -9 and resume', { timeout: 90_000 }, () => {
  it('PoYo: killed at random moments and mid-submit, resumes with the same keys', async () => {
    const home = path.join(dir, 'poyo');
    const db = path.join(home, 'tasks.db');
    const out = path.join(home, 'out');
    const env = simEnv(sim, home);
    const next = rng(20261);
    const before = sim.tasks.length;
    // The 4th submit hangs after PoYo created the task: the kill lands while it is in flight.
    sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'hang', phase: 'after', times: 1 });
    const args = ['--db', db, '--json'];
    const hung = () => sim.requests.some((r) => r.fault === 'hang');
    const first = await runCli(
      [
        'run',
        '--provider',
        'poyo',
        '--model',
        'wan-2.7-image',
        '--prompt',
        'a {fox|owl|hare|wren|moth|newt|crab|yak}',
        '--out',
        out,
        '--concurrency',
        '3',
        '--poll-ms',
        '30',
        ...args,
      ],
      env,
      hung,
    );
    expect(first.signal).toBe('SIGKILL');
    // Two more kills at seeded moments while resuming, then a resume to the end.
    for (let i = 0; i < 2; i++) {
      const killed = await runCli(['resume', ...args], env, afterRequests(next(2, 12)));
      expect([0, null]).toContain(killed.code);
    }
    const last = await runCli(['resume', ...args], env);
    expect(last.code).toBe(0);
    expect(last.json).toMatchObject({ tasks: 8, succeeded: 8, failed: 0, canceled: 0 });

    const { tasks, outputs } = checkDatabase(db, out);
    expect(outputs).toHaveLength(8);
    expect((last.json?.['outputs'] as unknown[]).length).toBe(8);
    const created = sim.tasks.slice(before);
    // One PoYo task per Genloom task: every key reached PoYo's task list once.
    expect(created).toHaveLength(8);
    for (const task of tasks) {
      const mine = created.filter((t) => t.idempotencyKey === task.idempotencyKey);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.id).toBe(task.remoteId);
    }
    // The hung submit was answered on resume by replaying its key, not by a second task.
    expect(created.some((t) => t.submits > 1)).toBe(true);
  });

  it('APIXO: a submit cut off mid-flight waits for the user (exit 3) until --resubmit-unknown', async () => {
    const home = path.join(dir, 'apixo');
    const db = path.join(home, 'tasks.db');
    const out = path.join(home, 'out');
    const env = simEnv(sim, home);
    const next = rng(77);
    const apixoBefore = sim.tasks.filter((t) => t.provider === 'apixo').length;
    sim.faults.add({ provider: 'apixo', route: 'submit', kind: 'hang', phase: 'after', times: 1 });
    const args = ['--db', db, '--json'];
    const first = await runCli(
      [
        'run',
        '--provider',
        'apixo',
        '--model',
        'wan-2-7-image',
        '--set',
        'mode=omni-image',
        '--prompt',
        'a {kite|boat|tent|lamp|fern|bell}',
        '--out',
        out,
        '--concurrency',
        '2',
        '--poll-ms',
        '30',
        ...args,
      ],
      env,
      () => sim.requests.some((r) => r.fault === 'hang' && r.provider === 'apixo'),
    );
    expect(first.signal).toBe('SIGKILL');
    const killed = await runCli(['resume', ...args], env, afterRequests(next(2, 8)));
    expect([3, null]).toContain(killed.code);
    const waiting = await runCli(['resume', ...args], env);
    expect(waiting.code).toBe(3);
    expect(waiting.stderr).toMatch(/unknown submit outcome/);
    // The submits in flight at the kill (the hung one, maybe a second) wait for the user;
    // everything else finished.
    const counts = statesOf(db);
    expect(counts.unknown).toBeGreaterThanOrEqual(1);
    expect(counts.succeeded + counts.unknown).toBe(6);
    expect(waiting.json).toMatchObject({ tasks: 6, succeeded: counts.succeeded });
    // Nothing was sent twice behind the user's back: at most one APIXO task per Genloom task.
    expect(
      sim.tasks.filter((t) => t.provider === 'apixo').length - apixoBefore,
    ).toBeLessThanOrEqual(6);

    const done = await runCli(['resume', '--resubmit-unknown', ...args], env);
    expect(done.code).toBe(0);
    expect(done.json).toMatchObject({ tasks: 6, succeeded: 6 });
    const { outputs } = checkDatabase(db, out);
    expect(outputs).toHaveLength(6);
  });

  it('Modelverse: a lost submit answer is never resent silently; kills while polling lose nothing', async () => {
    const home = path.join(dir, 'modelverse');
    const db = path.join(home, 'tasks.db');
    const out = path.join(home, 'out');
    const env = simEnv(sim, home);
    const next = rng(4242);
    const mvBefore = sim.tasks.filter((t) => t.provider === 'modelverse').length;
    // Modelverse creates the task, then the connection drops before the answer.
    sim.faults.add({
      provider: 'modelverse',
      route: 'submit',
      kind: 'drop',
      phase: 'after',
      times: 1,
    });
    const args = ['--db', db, '--json'];
    const run = [
      'run',
      '--provider',
      'modelverse',
      '--model',
      'wan2.7-image',
      '--prompt',
      'a {pier|mill|dune|reef|cave}',
      '--out',
      out,
      '--concurrency',
      '2',
      '--poll-ms',
      '30',
      ...args,
    ];
    const first = await runCli(run, env, afterRequests(next(4, 9)));
    expect([3, null]).toContain(first.code);
    const waiting = await runCli(['resume', ...args], env);
    expect(waiting.code).toBe(3);
    const counts = statesOf(db);
    expect(counts.unknown).toBeGreaterThanOrEqual(1);
    expect(counts.succeeded + counts.unknown).toBe(5);
    expect(waiting.json).toMatchObject({ tasks: 5, succeeded: counts.succeeded });
    // The dropped submit created a task; nothing was sent again.
    expect(
      sim.tasks.filter((t) => t.provider === 'modelverse').length - mvBefore,
    ).toBeLessThanOrEqual(5);
    const done = await runCli(['resume', '--resubmit-unknown', ...args], env);
    expect(done.code).toBe(0);
    expect(done.json).toMatchObject({ tasks: 5, succeeded: 5 });
    expect(checkDatabase(db, out).outputs).toHaveLength(5);
  });
});
