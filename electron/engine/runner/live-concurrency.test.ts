// Concurrency changed while a batch runs applies to the next submits at once: tasks already
// in flight run to the end, and no more than the new number are in flight afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../engine';
import type { SimTaskView } from '../simulator/index';
import { startHarness } from './test-helpers';
import type { Harness } from './test-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The most simulator tasks unfinished at once when each of `tasks` was created. */
function maxInFlight(all: readonly SimTaskView[], tasks: readonly SimTaskView[]): number {
  let max = 0;
  for (const t of tasks) {
    const open = all.filter(
      (o) => o.createdAt <= t.createdAt && (o.finishAt === null || o.finishAt > t.createdAt),
    );
    max = Math.max(max, open.length);
  }
  return max;
}

const spec = (n: number) => ({
  provider: 'apixo',
  model: 'wan-2-7-image',
  params: { mode: 'omni-image' },
  prompts: { kind: 'lines', lines: Array.from({ length: n }, (_, i) => `slot ${i + 1}`) },
});

describe('engine.setConcurrency', () => {
  it('lowered mid-batch: no more than the new number in flight from then on', async () => {
    h = await startHarness({
      sim: { latencyMs: 60_000, concurrency: 16 },
      engine: { concurrency: { apixo: 4 } },
    });
    const created = await h.engine.createBatch(spec(10));
    if (!created.ok) throw new Error('batch refused');
    await until(() => h?.sim.tasks.length === 4, 'four tasks in flight');
    expect(maxInFlight(h.sim.tasks, h.sim.tasks)).toBe(4);

    h.engine.setConcurrency('apixo', 2);
    h.sim.configure({ latencyMs: 40 });
    h.sim.advance(60_000);
    const s = await h.engine.waitForBatch(created.batchId);
    expect(s?.counts.succeeded).toBe(10);
    const all = h.sim.tasks;
    expect(all).toHaveLength(10);
    expect(maxInFlight(all, all.slice(4))).toBeLessThanOrEqual(2);
  });

  it('raised mid-batch: frees slots at once; null goes back to the default; bad values named', async () => {
    h = await startHarness({
      sim: { latencyMs: 60_000, concurrency: 16 },
      engine: { concurrency: { apixo: 1 } },
    });
    const created = await h.engine.createBatch(spec(5));
    if (!created.ok) throw new Error('batch refused');
    await until(() => h?.sim.tasks.length === 1, 'one task in flight');
    h.engine.setConcurrency('apixo', 3);
    // Nothing finished, yet two more went out: the new slots were used at once.
    await until(() => h?.sim.tasks.length === 3, 'three tasks in flight');
    expect(h.engine.getBatch(created.batchId)?.counts.queued).toBe(2);

    expect(() => h?.engine.setConcurrency('apixo', 0)).toThrow(
      /concurrency\.apixo must be a whole number from 1 to 64 \(got 0\)/,
    );
    expect(() => h?.engine.setConcurrency('apixo', 2.5)).toThrow(EngineError);
    // Back to the engine's configured value (1): no new submit until all but one end.
    h.engine.setConcurrency('apixo', null);
    h.sim.configure({ latencyMs: 40 });
    h.sim.advance(60_000);
    await h.engine.waitForBatch(created.batchId);
    expect(maxInFlight(h.sim.tasks, h.sim.tasks.slice(3))).toBe(1);
  });
});
