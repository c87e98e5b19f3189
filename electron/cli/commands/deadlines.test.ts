// The CLI never waits past the runner's deadlines (issue 9, finding 3, as the CLI shows it):
// status checks that always fail, or a key revoked mid-batch, end the run with a summary and
// the "waits for you" exit code instead of polling every minute forever.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../engine/simulator/index';
import type { Simulator } from '../../engine/simulator/index';
import { waitLimits } from './batch-report';
import { runCli, simEnv } from './cli-test-helpers';

const MODEL = ['--provider', 'poyo', '--model', 'wan-2.7-image'];

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 40, seed: 33 });
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-deadlines-'));
});
beforeEach(() => sim.faults.clear());
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI ends by the runner deadlines', { timeout: 60_000 }, () => {
  it('status checks that always fail: the task waits for you, exit 3, with the summary', async () => {
    sim.faults.add({ provider: 'poyo', route: 'status', kind: 'http503', times: 'always' });
    const env = { ...simEnv(sim, path.join(dir, 'h1')), GENLOOM_POLL_FAILURE_DEADLINE_MS: '1500' };
    const r = await runCli(['run', ...MODEL, '--prompt', 'no answer', '--poll-ms', '50'], env);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/waiting for you/);
    expect(sim.stats().tasksCreated.poyo).toBeGreaterThan(0);
  });

  it('a key revoked mid-batch: the batch pauses, the words name the provider, exit 3', async () => {
    sim.faults.add({ provider: 'poyo', route: 'status', kind: 'http401', times: 'always' });
    const env = simEnv(sim, path.join(dir, 'h2'));
    const r = await runCli(['run', ...MODEL, '--prompt', 'revoked', '--poll-ms', '50'], env);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/poyo refused the API key/i);
  });
});

describe('deadline settings from the environment', () => {
  it('reads milliseconds and refuses anything else, naming the variable and the rule', () => {
    expect(waitLimits({ GENLOOM_NOT_FOUND_DEADLINE_MS: '60000' })).toEqual({
      ok: true,
      value: { runner: { notFoundDeadlineMs: 60000 } },
    });
    expect(waitLimits({ GENLOOM_TASK_TIMEOUT_MS: '7200000' })).toMatchObject({
      value: { taskTimeoutMs: 7_200_000 },
    });
    const bad = waitLimits({ GENLOOM_POLL_FAILURE_DEADLINE_MS: '15m' });
    expect(bad).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^GENLOOM_POLL_FAILURE_DEADLINE_MS must be a whole number of milliseconds/,
      ),
    });
  });
});
