// The CLI when another process holds the task database's write lock past busy_timeout (issue 9,
// finding 1, as the CLI shows it): no crash, no exit 0 without a summary. At the start nothing
// is submitted and the summary says so; mid-run the remote ids are written once the lock goes,
// every task is submitted once, and the summary comes at the end.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../engine/simulator/index';
import type { Simulator } from '../../engine/simulator/index';
import { runCli, simEnv, startCli, until } from './cli-test-helpers';

const MODEL = ['--provider', 'poyo', '--model', 'wan-2.7-image'];

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 40, seed: 21 });
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-db-error-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Holds the write lock as another process would (this one is not the CLI's) until release. */
function holdLock(db: string): { release(): void } {
  const other = new Database(db, { fileMustExist: true });
  other.pragma('busy_timeout = 30000');
  other.exec('BEGIN IMMEDIATE');
  return {
    release() {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

describe('a task database locked by another process', { timeout: 90_000 }, () => {
  it('at the start: an error in words, "nothing was submitted" and exit 2, no crash', async () => {
    const env = simEnv(sim, path.join(dir, 'start'));
    const db = path.join(dir, 'start', 'tasks.db');
    // A dry run creates the database; the lock is then held past the engine's 5 s wait.
    expect(
      (await runCli(['run', ...MODEL, '--prompt', 'x', '--db', db, '--dry-run'], env)).code,
    ).toBe(0);
    const before = sim.stats().submits.poyo;
    const lock = holdLock(db);
    const r = await runCli(['run', ...MODEL, '--prompt', 'a {fox|owl}', '--db', db, '--json'], env);
    lock.release();
    expect(r.stderr).not.toMatch(/unexpected error/);
    // Opening it (a migration) or writing the batch: whichever meets the lock first says so.
    expect(r.stderr).toMatch(/error: (the task database failed|--db \S+): .*(locked|busy)/i);
    // With --json the words go to stderr and the JSON is the last stdout line.
    expect(r.stderr).toMatch(/summary: nothing was submitted and nothing spent/);
    expect(r.json).toMatchObject({ tasks: 0, succeeded: 0, spent: 0 });
    expect(r.code).toBe(2);
    expect(sim.stats().submits.poyo).toBe(before);
  });

  it('mid-run: the run waits for the lock, submits each task once and ends with its summary', async () => {
    const env = simEnv(sim, path.join(dir, 'mid'));
    const db = path.join(dir, 'mid', 'tasks.db');
    expect(
      (await runCli(['run', ...MODEL, '--prompt', 'x', '--db', db, '--dry-run'], env)).code,
    ).toBe(0);
    const created = sim.stats().tasksCreated.poyo;
    const cli = startCli(
      ['run', ...MODEL, '--prompt', '{a|b|c|d|e|f} [sim:slow]', '--db', db].concat([
        '--concurrency',
        '1',
        '--poll-ms',
        '25',
      ]),
      env,
    );
    // Held past the engine's 5 s busy_timeout once the first task is created.
    await until(() => sim.stats().tasksCreated.poyo > created, 'the first task');
    const lock = holdLock(db);
    setTimeout(() => lock.release(), 7000);
    const r = await cli.done;
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/6 succeeded · 0 failed · 0 canceled · 0 waiting for you/);
    expect(sim.stats().tasksCreated.poyo - created).toBe(6);
  });
});
