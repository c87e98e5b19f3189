// A Modelverse sync answer that carries the image itself (`b64_json`, as OpenAI-compatible
// servers send it) is saved like a downloaded file, end to end against the simulator: named by
// the template, PNG text added, sha256 recorded, sidecar written.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { readPngText } from '../downloads/png-text';
import { createEngine } from '../engine';
import type { Engine } from '../engine';
import { IMMEDIATE_RETRY } from '../http';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/index';
import { deliveredOutputs, runBatch } from './test-helpers';

let sim: Simulator | undefined;
let engine: Engine | undefined;
let dir: string | undefined;
afterEach(async () => {
  await engine?.close();
  await sim?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  engine = sim = dir = undefined;
});

/** The harness of test-helpers, with Modelverse in sync mode (its images endpoint). */
async function start(): Promise<{ sim: Simulator; engine: Engine }> {
  sim = await startSimulator({ latencyMs: 40, seed: 11 });
  const s = sim;
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-inline-'));
  engine = createEngine({
    home: dir,
    providers: (id) => ({
      apiKey: s.keys[id],
      baseUrl: s.baseUrls[id],
      ...(id === 'modelverse' ? { mode: 'sync' as const } : {}),
    }),
    pollMs: 20,
    retry: { ...IMMEDIATE_RETRY, maxAttempts: 6 },
  });
  return { sim: s, engine };
}

describe('inline outputs', () => {
  it('a Modelverse b64_json answer is saved like a downloaded file', async () => {
    const h = await start();
    h.sim.faults.add({ provider: 'modelverse', route: 'submit', kind: 'b64json', times: 'always' });
    const s = await runBatch(h.engine, {
      provider: 'modelverse',
      model: 'wan2.7-image',
      name: 'inline',
      prompts: { kind: 'text', text: 'an inline square' },
    });
    expect(s.counts.succeeded).toBe(1);
    const [d] = deliveredOutputs(h.engine, s.batch.id);
    if (d === undefined) throw new Error('nothing delivered');
    expect(path.relative(s.batch.outDir, d.output.path ?? '')).toBe(
      path.join('inline', '0001-1.png'),
    );
    const disk = readFileSync(d.output.path ?? '');
    expect((await sharp(disk).metadata()).format).toBe('png');
    expect(readPngText(disk).map((t) => t.keyword)).toContain('parameters');
    expect(d.sidecar).toMatchObject({
      output: {
        sha256: d.output.sha256,
        sourceUrl: expect.stringMatching(/^data:image\/png;base64,\(\d+ bytes inline\)$/),
      },
    });
  });
});
