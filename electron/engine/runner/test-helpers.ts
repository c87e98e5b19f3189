// Shared pieces for the runner's integration tests: a simulator, an engine wired to it in a
// temp folder, real images on disk, and a check that every output on disk matches the store.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createEngine } from '../engine';
import type { Engine, EngineOptions } from '../engine';
import { IMMEDIATE_RETRY } from '../http';
import { startSimulator } from '../simulator/index';
import type { Simulator, SimulatorOptions } from '../simulator/index';
import type { Output, Task } from '../store/types';

export interface Harness {
  sim: Simulator;
  engine: Engine;
  dir: string;
  close(): Promise<void>;
}

/** Fast and deterministic: 40 ms latency, a fixed seed, 20 ms polls, retries without waits. */
export async function startHarness(
  opts: { sim?: SimulatorOptions; engine?: Partial<EngineOptions> } = {},
): Promise<Harness> {
  const sim = await startSimulator({ latencyMs: 40, seed: 11, ...opts.sim });
  const dir = mkdtempSync(path.join(tmpdir(), 'genloom-runner-'));
  const engine = createEngine({
    home: dir,
    providers: (id) => ({ apiKey: sim.keys[id], baseUrl: sim.baseUrls[id] }),
    pollMs: 20,
    retry: { ...IMMEDIATE_RETRY, maxAttempts: 6 },
    ...opts.engine,
  });
  return {
    sim,
    engine,
    dir,
    async close() {
      await engine.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes PNGs (distinct colours, so distinct hashes) under `dir`; names may hold folders. */
export async function writeImages(
  dir: string,
  names: readonly string[],
  size = { width: 320, height: 320 },
): Promise<string[]> {
  const files: string[] = [];
  for (const [i, name] of names.entries()) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    const png = await sharp({
      create: {
        ...size,
        channels: 3,
        background: { r: (i * 47) % 256, g: (i * 91) % 256, b: 120 },
      },
    })
      .png()
      .toBuffer();
    writeFileSync(file, png);
    files.push(file);
  }
  return files;
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export interface DeliveredOutput {
  task: Task;
  output: Output;
  sidecar: Record<string, unknown>;
}

/**
 * Every output of the batch: asserts (by throwing, with the reason) that each done output is
 * on disk with the recorded sha256 and has its sidecar, and returns them with the sidecar.
 */
export function deliveredOutputs(engine: Engine, batchId: string): DeliveredOutput[] {
  const out: DeliveredOutput[] = [];
  for (const task of engine.listTasks(batchId)) {
    for (const output of engine.store.outputs.listByTask(task.id)) {
      if (output.state !== 'done') continue;
      const file = output.path;
      if (file === null || !existsSync(file)) throw new Error(`output ${output.id} is not on disk`);
      if (sha256(file) !== output.sha256)
        throw new Error(`output ${file} does not match its sha256`);
      if (output.sidecarPath === null || !existsSync(output.sidecarPath)) {
        throw new Error(`output ${file} has no sidecar`);
      }
      const sidecar = JSON.parse(readFileSync(output.sidecarPath, 'utf8')) as Record<
        string,
        unknown
      >;
      out.push({ task, output, sidecar });
    }
  }
  return out;
}

/** Runs a spec to the end and returns the batch summary (throws on invalid specs). */
export async function runBatch(engine: Engine, spec: unknown) {
  const created = await engine.createBatch(spec);
  if (!created.ok)
    throw new Error(created.issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  const summary = await engine.waitForBatch(created.batchId);
  if (summary === undefined) throw new Error('batch vanished');
  return summary;
}
