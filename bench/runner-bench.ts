// The runner against the simulator: a batch of N tasks of latency L at provider concurrency C
// with default (adaptive) polling. Download throughput is measured apart (download-bench.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine } from '../electron/engine/engine';
import { startSimulator } from '../electron/engine/simulator/index';

export interface RunnerBenchOptions {
  tasks: number;
  concurrency: number;
  latencyMs: number;
  jitter: number;
  imageSide: number;
}

export interface RunnerFigures {
  wallMs: number;
  idealMs: number;
  pollsPerTask: number;
  submitRequests: number;
  refused429: number;
  succeeded: number;
}

export async function benchRunner(o: RunnerBenchOptions): Promise<RunnerFigures> {
  const sim = await startSimulator({
    latencyMs: o.latencyMs,
    jitter: o.jitter,
    concurrency: o.concurrency,
    maxImageSide: o.imageSide,
    seed: 42,
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'genloom-bench-'));
  const engine = createEngine({
    home: dir,
    providers: (id) => ({ apiKey: sim.keys[id], baseUrl: sim.baseUrls[id] }),
    concurrency: { poyo: o.concurrency },
  });
  try {
    const started = Date.now();
    const created = await engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: {
        kind: 'lines',
        lines: Array.from({ length: o.tasks }, (_, i) => `bench image ${i + 1}`),
      },
    });
    if (!created.ok) throw new Error(created.issues.map((i) => i.message).join('; '));
    const summary = await engine.waitForBatch(created.batchId);
    const wallMs = Date.now() - started;
    const stats = sim.stats();
    return {
      wallMs,
      idealMs: (o.tasks / o.concurrency) * o.latencyMs,
      pollsPerTask: stats.polls / o.tasks,
      submitRequests: stats.submits.poyo,
      refused429: stats.rateLimited,
      succeeded: summary?.counts.succeeded ?? 0,
    };
  } finally {
    await engine.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
