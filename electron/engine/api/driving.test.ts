// The API over one database shared with another process, and settings that change how the
// engine drives: a refused action arrives as an envelope error naming the other process; the
// host drives once that process lets go; a concurrency change applies to the next submits.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Output } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/envelope';
import { startSimulator } from '../simulator/index';
import type { Simulator, SimTaskView } from '../simulator/index';
import { openStore } from '../store/index';
import { startTestHost, waitFor } from './test-host';
import type { TestHost } from './test-host';

let sim: Simulator;
let t: TestHost | undefined;
beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 40, concurrency: 32 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  sim.reset();
  sim.configure({ latencyMs: 40 });
});

const env = (): Record<string, string> => ({
  GENLOOM_APIXO_API_KEY: sim.keys.apixo,
  GENLOOM_APIXO_BASE_URL: sim.baseUrls.apixo,
});

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

const spec = (n: number): Input<'batch.create'>['spec'] => ({
  name: 'shared',
  provider: 'apixo',
  model: 'wan-2-7-image',
  params: { mode: 'omni-image' },
  prompts: { kind: 'lines', lines: Array.from({ length: n }, (_, i) => `shared ${i + 1}`) },
  pollMs: 20,
});

function maxInFlight(all: readonly SimTaskView[], tasks: readonly SimTaskView[]): number {
  let max = 0;
  for (const task of tasks) {
    const open = all.filter(
      (o) => o.createdAt <= task.createdAt && (o.finishAt === null || o.finishAt > task.createdAt),
    );
    max = Math.max(max, open.length);
  }
  return max;
}

describe('driving a shared database over the API', () => {
  it('answers db_busy while another process drives, and takes over when it ends', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'genloom-shared-'));
    // Another process (a `genloom run` on another machine sharing the folder) drives.
    const other = openStore(path.join(home, 'genloom.db'));
    other.lease.acquire(
      {
        owner: 'cli-run',
        pid: 31337,
        hostname: 'workstation-2',
        startedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
        heartbeatAt: Date.now(),
      },
      () => false,
    );
    const host = await startTestHost({ demo: 'off', env: env(), home });
    t = host;
    expect(t.logs.join('\n')).toContain('another Genloom process (pid 31337 on workstation-2');

    const refused = await t.call('batch.create', { spec: spec(2) });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message:
          'another Genloom process (pid 31337 on workstation-2, since 2026-01-02T03:04:05.000Z) is running batches on this database; wait for it to finish or close it',
      },
    });
    // Reads still work, and nothing was written or sent.
    expect(value<Output<'batch.list'>>(await t.call('batch.list', {})).batches).toEqual([]);
    expect(value<Output<'settings.get'>>(await t.call('settings.get', {})).collision).toBe(
      'suffix',
    );
    expect(sim.stats().requests).toBe(0);

    // The other process closes: the host takes the lease on its next heartbeat.
    other.lease.release('cli-run');
    await waitFor(
      () => (other.lease.get()?.pid === process.pid ? true : undefined),
      'the takeover',
    );
    other.close();
    const { batchId } = value<Output<'batch.create'>>(
      await t.call('batch.create', { spec: spec(2) }),
    );
    const done = await waitFor(async () => {
      const batch = value<Output<'batch.get'>>(await host.call('batch.get', { batchId }));
      return batch.status === 'done' ? batch : undefined;
    }, 'the batch to finish');
    expect(done.counts.succeeded).toBe(2);
  });

  it('settings.set concurrency applies to the running batch at once', async () => {
    const host = await startTestHost({ demo: 'off', env: env() });
    t = host;
    sim.configure({ latencyMs: 60_000 });
    const { batchId } = value<Output<'batch.create'>>(
      await t.call('batch.create', { spec: spec(10) }),
    );
    // apixo's default: 8 in flight.
    await waitFor(() => (sim.tasks.length === 8 ? true : undefined), 'eight tasks in flight');
    const saved = value<Output<'settings.set'>>(
      await t.call('settings.set', { concurrency: { apixo: 1 } }),
    );
    expect(saved.concurrency).toEqual({ apixo: 1 });
    sim.configure({ latencyMs: 40 });
    sim.advance(60_000);
    const done = await waitFor(async () => {
      const batch = value<Output<'batch.get'>>(await host.call('batch.get', { batchId }));
      return batch.status === 'done' ? batch : undefined;
    }, 'the batch to finish');
    expect(done.counts.succeeded).toBe(10);
    expect(maxInFlight(sim.tasks, sim.tasks.slice(8))).toBe(1);
  });
});
