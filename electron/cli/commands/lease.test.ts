// One driver per database, as a user meets it: while a `genloom run` is alive, a second `run`
// or `resume` on the same --db exits 2 naming it and submits nothing; once the first is
// killed (kill -9), `resume` takes over at once and finishes without a second submit.
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../engine/simulator/index';
import type { Simulator } from '../../engine/simulator/index';
import { openStore } from '../../engine/store/index';
import { runCli, simEnv } from './cli-test-helpers';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 60, seed: 9 });
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-lease-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('one driver per database (CLI)', { timeout: 90_000 }, () => {
  it('refuses a second run/resume while the first lives; resume takes over after kill -9', async () => {
    const home = path.join(dir, 'home');
    const db = path.join(home, 'tasks.db');
    const out = path.join(home, 'out');
    const env = simEnv(sim, home);
    // The first submit is accepted by PoYo but never answered: the run stays alive, in flight.
    sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'hang', phase: 'after', times: 1 });
    let kill = false;
    const first = runCli(
      [
        'run',
        '--provider',
        'poyo',
        '--model',
        'wan-2.7-image',
        '--prompt',
        'a {fox|owl|hare}',
        '--out',
        out,
        '--concurrency',
        '1',
        '--poll-ms',
        '30',
        '--db',
        db,
        '--json',
      ],
      env,
      () => kill,
    );
    await until(() => sim.requests.some((r) => r.fault === 'hang'), 'the hung submit');
    const requestsBefore = sim.stats().requests;

    const second = await runCli(
      ['run', '--provider', 'poyo', '--model', 'wan-2.7-image', '--prompt', 'a wren', '--db', db],
      env,
    );
    expect(second.code).toBe(2);
    const message =
      /error: another Genloom process \(pid (\d+) on (.+), since (\S+)\) is running batches on this database; wait for it to finish or close it/;
    const named = message.exec(second.stderr);
    expect(named?.[2]).toBe(os.hostname());
    const resumed = await runCli(['resume', '--db', db, '--json'], env);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(message);
    // Nothing reached the provider from either, and the first run's submit was not touched.
    expect(sim.stats().requests).toBe(requestsBefore);
    const store = openStore(db);
    try {
      expect(store.batches.list({})).toHaveLength(1);
      const batch = store.batches.list({})[0];
      expect(store.tasks.countsByState(batch?.id ?? '')).toMatchObject({
        submitting: 1,
        queued: 2,
      });
      expect(store.lease.get()?.pid).toBe(Number(named?.[1]));
    } finally {
      store.close();
    }

    kill = true;
    expect((await first).signal).toBe('SIGKILL');
    const last = await runCli(['resume', '--db', db, '--json'], env);
    expect(last.code).toBe(0);
    expect(last.json).toMatchObject({ tasks: 3, succeeded: 3, failed: 0 });
    // The hung submit was answered by replaying its key: one PoYo task per Genloom task.
    expect(sim.tasks).toHaveLength(3);
    expect(sim.tasks.some((t) => t.submits > 1)).toBe(true);
  });
});
