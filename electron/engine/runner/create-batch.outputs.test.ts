// Where outputs go is checked when the batch is planned, before anything is submitted: the
// output folder (absolute, creatable, writable) and every output path rendered from the
// template (each name within 255 bytes, the whole path within the platform's limit). Names
// too long for the filesystem are shortened by the same rule at planning and at delivery.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planBatch } from './create-batch';
import type { PlanContext } from './create-batch';
import { deliveredOutputs, runBatch, startHarness, writeImages } from './test-helpers';
import type { Harness } from './test-helpers';

let dir: string;
let h: Harness | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-plan-out-'));
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const ctx: PlanContext = { configured: () => true };
const spec = (output: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  provider: 'poyo',
  model: 'wan-2.7-image',
  prompts: { kind: 'text', text: 'a kite' },
  output,
  ...extra,
});
const issuesOf = async (input: unknown, c: PlanContext = ctx) => {
  const planned = await planBatch(input, c);
  return planned.ok ? [] : planned.issues;
};
const hasProc = existsSync('/proc/self');

describe('the output folder is checked before any money moves', () => {
  it('refuses a relative folder, naming output.dir', async () => {
    expect(await issuesOf(spec({ dir: 'outputs' }))).toEqual([
      { field: 'output.dir', message: expect.stringMatching(/must be an absolute folder path/) },
    ]);
  });

  it('refuses a folder under a regular file, naming output.dir and the reason', async () => {
    const file = path.join(dir, 'photo.jpg');
    writeFileSync(file, 'x');
    expect(await issuesOf(spec({ dir: path.join(file, 'out') }))).toEqual([
      {
        field: 'output.dir',
        message: expect.stringMatching(/cannot be created: .*photo\.jpg is a file, not a folder/),
      },
    ]);
  });

  it.runIf(hasProc)('refuses /proc/x at once', async () => {
    expect(await issuesOf(spec({ dir: '/proc/x' }))).toEqual([
      { field: 'output.dir', message: expect.stringMatching(/^output\.dir "\/proc\/x" cannot/) },
    ]);
  });

  it('checks the default folder when the spec names none', async () => {
    const file = path.join(dir, 'home-is-a-file');
    writeFileSync(file, 'x');
    expect(await issuesOf(spec({}), { ...ctx, outputDir: path.join(file, 'outputs') })).toEqual([
      { field: 'output.dir', message: expect.stringMatching(/is a file, not a folder/) },
    ]);
  });

  it('accepts a good folder and leaves nothing behind (a dry run has no side effects)', async () => {
    expect(await issuesOf(spec({ dir: path.join(dir, 'new', 'out') }))).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    mkdirSync(path.join(dir, 'kept'));
    expect(await issuesOf(spec({ dir: path.join(dir, 'kept') }))).toEqual([]);
    expect(readdirSync(path.join(dir, 'kept'))).toEqual([]);
  });

  it.runIf(hasProc)('the dry run and createBatch refuse it, and nothing is submitted', async () => {
    h = await startHarness();
    const bad = spec({ dir: '/proc/x' });
    expect((await h.engine.dryRun(bad)).issues).toEqual([
      expect.objectContaining({ field: 'output.dir' }),
    ]);
    const created = await h.engine.createBatch(bad);
    expect(created).toMatchObject({ ok: false, issues: [{ field: 'output.dir' }] });
    expect(h.sim.requests).toHaveLength(0);
    expect(h.engine.listBatches()).toEqual([]);
  });
});

describe('every output path is rendered and checked at planning', () => {
  it('refuses a path longer than the platform allows, naming the fields to change', async () => {
    // 5 levels of 200 bytes: fine on Linux, over macOS's 1024 bytes once a file name is added.
    const deep = path.join(dir, ...Array.from({ length: 5 }, (_, i) => `${i}${'d'.repeat(199)}`));
    expect(await issuesOf(spec({ dir: deep }), { ...ctx, platform: 'linux' })).toEqual([]);
    const issues = await issuesOf(spec({ dir: deep }), { ...ctx, platform: 'darwin' });
    expect(issues).toEqual([
      {
        field: 'output.template',
        message: expect.stringMatching(
          /longer than macOS allows \(1023 bytes\): choose a shorter output\.dir or output\.template/,
        ),
      },
    ]);
  });

  it('an input named with 83 CJK characters plans fine and its output and sidecar are saved', async () => {
    h = await startHarness();
    const images = path.join(dir, 'in');
    const name = `${'猫'.repeat(83)}.png`; // 253 bytes: a valid file name on its own
    await writeImages(images, [name]);
    const out = path.join(dir, 'out');
    const summary = await runBatch(h.engine, {
      provider: 'poyo',
      model: 'wan-2.7-image',
      name: 'Весенняя коллекция обуви и аксессуаров для всей семьи '.repeat(3),
      prompts: { kind: 'lines', lines: ['one', 'two'] },
      inputs: { kind: 'folder', dir: images },
      output: { dir: out },
    });
    expect(summary.counts.succeeded).toBe(2);
    const delivered = deliveredOutputs(h.engine, summary.batch.id);
    expect(delivered).toHaveLength(2);
    for (const d of delivered) {
      for (const part of path.relative(out, d.output.path ?? '').split(path.sep)) {
        expect(Buffer.byteLength(part)).toBeLessThanOrEqual(255);
      }
    }
    // Two tasks of one input: the shortened names still differ by their {seq}.
    const names = delivered.map((d) => path.basename(d.output.path ?? ''));
    expect(new Set(names).size).toBe(2);
  });
});
