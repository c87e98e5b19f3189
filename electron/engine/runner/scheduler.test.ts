import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderGate } from './gate';
import { LatencyModel, QUANTILES } from './latency';
import { Scheduler, TimerQueue } from './scheduler';

/** A seeded PRNG so the simulated latencies are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Polls one task of true latency `latency` the way the runner does; returns the poll offsets. */
function pollTask(model: LatencyModel, latency: number): number[] {
  const offsets: number[] = [];
  let prev = 0;
  for (let i = 1; i < 100; i++) {
    prev = model.offset(i, prev);
    offsets.push(prev);
    if (prev >= latency) return offsets;
  }
  throw new Error('never finished');
}

function run(model: LatencyModel, latencies: number[]) {
  let polls = 0;
  let delay = 0;
  for (const latency of latencies) {
    const offsets = pollTask(model, latency);
    polls += offsets.length;
    delay += (offsets[offsets.length - 1] as number) - latency;
    model.observe(offsets);
  }
  return { pollsPerTask: polls / latencies.length, delayPerTask: delay / latencies.length };
}

describe('adaptive polling', () => {
  const hint = { firstPollMs: 5000, intervalMs: 5000 };

  it('starts from the provider guidance, ramping up to its first poll', () => {
    const model = new LatencyModel(hint);
    expect(model.learned).toBe(false);
    const offsets = [1, 2, 3, 4, 5].reduce<number[]>(
      (acc, i) => [...acc, model.offset(i, acc[acc.length - 1] ?? 0)],
      [],
    );
    expect(offsets).toEqual([625, 1250, 2500, 5000, 10000]);
  });

  it('learns a model latency: at most 3 polls per task, finish seen within a few % of it', () => {
    const rand = mulberry32(7);
    const L = 20_000;
    const latencies = Array.from({ length: 300 }, () => L * (0.9 + 0.2 * rand()));
    const model = new LatencyModel(hint);
    run(model, latencies.slice(0, 40)); // learning
    const steady = run(model, latencies.slice(40));
    expect(steady.pollsPerTask).toBeLessThanOrEqual(3);
    // A fixed 5 s interval would lose 2.5 s (12.5%) per task on average.
    expect(steady.delayPerTask / L).toBeLessThan(0.06);
  });

  it('beats the fixed guidance interval for a model faster than the guidance', () => {
    const rand = mulberry32(3);
    const L = 1500;
    const model = new LatencyModel(hint);
    const steady = run(
      model,
      Array.from({ length: 200 }, () => L * (0.95 + 0.1 * rand())),
    );
    expect(steady.delayPerTask).toBeLessThan(0.1 * L);
    expect(steady.pollsPerTask).toBeLessThanOrEqual(3);
  });

  it('follows a model that gets much slower, and keeps polling a late task at least every interval', () => {
    const model = new LatencyModel(hint);
    run(
      model,
      Array.from({ length: 50 }, () => 2000),
    );
    const late = pollTask(model, 60_000);
    const gaps = late.slice(1).map((o, i) => o - (late[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(hint.intervalMs + 1e-6);
    model.observe(late);
    run(
      model,
      Array.from({ length: 30 }, () => 60_000),
    );
    const after = run(
      model,
      Array.from({ length: 30 }, () => 60_000),
    );
    expect(after.pollsPerTask).toBeLessThanOrEqual(3);
    expect(after.delayPerTask).toBeLessThan(0.05 * 60_000);
  });

  it('restores a saved model so the next run starts warm', () => {
    const model = new LatencyModel(hint);
    run(
      model,
      Array.from({ length: 50 }, () => 3000),
    );
    const saved = model.snapshot();
    expect(saved?.offsets).toHaveLength(QUANTILES.length);
    const restored = new LatencyModel(hint, saved);
    expect(restored.learned).toBe(true);
    expect(restored.offset(1, 0)).toBe(saved?.offsets[0]);
  });

  it('uses a fixed interval when one is given (--poll-ms)', () => {
    const scheduler = new Scheduler({ pollMs: 40 });
    const plan = { key: 'poyo/x@5000', hint };
    expect(scheduler.pollOffset(plan, 1, 0)).toBe(40);
    expect(scheduler.pollOffset(plan, 2, 40)).toBe(80);
    expect(scheduler.pollOffset({ ...plan, pollMs: 15 }, 5, 100)).toBe(115);
  });
});

describe('provider gate', () => {
  it('admits up to the limit and frees a slot on release, once per slot', () => {
    const gate = new ProviderGate(2);
    const a = gate.take();
    const b = gate.take();
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(gate.take()).toBeNull();
    const forced = gate.take(true); // a resumed remote task always counts
    expect(forced).not.toBeNull();
    expect(gate.free()).toBe(0);
    a?.release();
    a?.release(); // a second release of the same slot frees nothing more
    expect(gate.inFlight).toBe(2);
    forced?.release();
    expect(gate.free()).toBe(1);
    expect(a?.released).toBe(true);
  });

  it('blocks every request after a 429, for Retry-After or a growing backoff', () => {
    let now = 0;
    const gate = new ProviderGate(4, { now: () => now, random: () => 1 });
    gate.onRateLimited(2000, false);
    expect(gate.blockedFor()).toBe(2000);
    expect(gate.free()).toBe(0);
    now = 2000;
    expect(gate.free()).toBe(4);
    gate.onRateLimited(undefined, false);
    const first = gate.blockedFor();
    gate.onRateLimited(undefined, false);
    expect(gate.blockedFor()).toBeGreaterThan(first);
    gate.onSuccess();
  });

  it('lowers its ceiling to what the provider took after a refused submit, then probes a minute later', () => {
    let now = 0;
    const gate = new ProviderGate(8, { now: () => now });
    const slots = Array.from({ length: 6 }, () => gate.take());
    gate.onRateLimited(0, true); // the 6th was refused: the provider takes 5
    slots[5]?.release();
    expect(gate.effectiveLimit).toBe(5);
    expect(gate.free()).toBe(0);
    now = 61_000;
    expect(gate.effectiveLimit).toBe(6);
  });
});

describe('timer queue', () => {
  afterEach(() => vi.useRealTimers());

  it('fires in time order, and a reschedule replaces the earlier entry', () => {
    vi.useFakeTimers({ now: 0 });
    const fired: string[] = [];
    const q = new TimerQueue(
      (id) => fired.push(id),
      () => Date.now(),
    );
    q.schedule('b', 30);
    q.schedule('a', 10);
    q.schedule('c', 20);
    q.schedule('c', 50);
    q.schedule('d', 40);
    q.cancel('d');
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
    q.close();
  });
});
