// The CLI contract of run, resume and history, as a user meets it: a child process against
// the simulator, exit codes, the --json last line, messages naming the flag.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../engine/simulator/index';
import type { Simulator } from '../../engine/simulator/index';
import { sha256, writeImages } from '../../engine/runner/test-helpers';
import { runCli, simEnv } from './cli-test-helpers';

let sim: Simulator;
let dir: string;
let env: Record<string, string>;
let images: string;
beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 40, seed: 3 });
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-cli-'));
  env = simEnv(sim, path.join(dir, 'home'));
  images = path.join(dir, 'photos');
  await writeImages(images, ['beach.png', 'city/night.png']);
  writeFileSync(path.join(images, 'beach.txt'), 'turn the {file} into an oil painting');
  writeFileSync(path.join(images, 'city', 'night.txt'), 'neon rain over the {folder}');
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('genloom run / resume / history', { timeout: 60_000 }, () => {
  it('refuses invalid input naming the flag, exit 2, and submits nothing', async () => {
    const before = sim.requests.length;
    const db = path.join(dir, 'bad.db');
    const bad = await runCli(
      [
        'run',
        '--provider',
        'poyo',
        '--model',
        'wan-2.7-image',
        '--prompt',
        'x',
        '--set',
        'n=9',
        '--db',
        db,
      ],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--set n: .*1 to 4/);
    const flags = await runCli(
      [
        'run',
        '--provider',
        'poyo',
        '--model',
        'wan-2.7-image',
        '--concurrency',
        'many',
        '--db',
        db,
      ],
      env,
    );
    expect(flags.code).toBe(2);
    expect(flags.stderr).toMatch(
      /--concurrency: must be a whole number from 1 to 64 \(got "many"\)/,
    );
    expect(sim.requests.length).toBe(before);
  });

  it('a dry run prints the count and estimate and submits nothing', async () => {
    const before = sim.requests.length;
    const dry = await runCli(
      [
        'run',
        '--provider',
        'poyo',
        '--model',
        'wan-2.7-image',
        '--prompt',
        'a {cat|dog}',
        '--set',
        'seed={1|2|3}',
        '--dry-run',
        '--json',
        '--db',
        path.join(dir, 'dry.db'),
      ],
      env,
    );
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({ tasks: 6, estimatedCost: 25.2, succeeded: 0 });
    expect(dry.stderr).toMatch(/6 task\(s\), estimated cost 25.2 credits/);
    const plain = await runCli(
      ['run', '--provider', 'poyo', '--model', 'wan-2.7-image', '--prompt', 'a {cat|dog}'].concat([
        '--dry-run',
        '--db',
        path.join(dir, 'dry.db'),
      ]),
      env,
    );
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^dry run: 2 task\(s\), estimated cost 8.4 credits/);
    expect(plain.stdout).toContain('  1. a cat\n  2. a dog');
    expect(sim.requests.length).toBe(before);
  });

  it('runs a folder with sidecar prompts: exit 0, JSON summary last, files verified; history finds them', async () => {
    const db = path.join(dir, 'run.db');
    const out = path.join(dir, 'out');
    const run = await runCli(
      [
        'run',
        '--provider',
        'poyo',
        '--model',
        'wan-2.7-image',
        '--images',
        images,
        '--out',
        out,
        '--db',
        db,
        '--json',
        '--poll-ms',
        '25',
      ],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/progress: .*2\/2 done/);
    const summary = run.json as {
      tasks: number;
      succeeded: number;
      outputs: { path: string; sha256: string }[];
    };
    expect(summary).toMatchObject({
      tasks: 2,
      succeeded: 2,
      failed: 0,
      canceled: 0,
      estimatedCost: 8.4,
    });
    expect(summary.outputs.map((o) => path.relative(out, o.path)).sort()).toEqual([
      expect.stringMatching(/^wan-2\.7-image-\d{8}-\d{6}\/beach-1\.png$/),
      expect.stringMatching(/^wan-2\.7-image-\d{8}-\d{6}\/city\/night-1\.png$/),
    ]);
    for (const o of summary.outputs) {
      expect(sha256(o.path)).toBe(o.sha256);
      expect(existsSync(`${o.path}.json`)).toBe(true);
    }

    const found = await runCli(['history', '--db', db, '--search', 'neon', '--json'], env);
    expect(found.code).toBe(0);
    const page = found.json as { total: number; items: { prompt: string; path: string }[] };
    expect(page.total).toBe(1);
    expect(page.items[0]?.prompt).toBe('neon rain over the city');
    const listed = await runCli(['history', '--db', db], env);
    expect(listed.stdout.trim().split('\n')).toHaveLength(2);

    // Nothing left to do: resume reports the batch as it ended.
    const again = await runCli(['resume', '--db', db, '--json'], env);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ tasks: 2, succeeded: 2 });
  });
});
