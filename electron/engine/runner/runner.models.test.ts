// Every seed model, each kind of batch, end to end against the provider simulator: every
// output on disk, sha256-verified against the file, with its sidecar and (PNG) text chunk,
// one remote task per Genloom task.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPngText } from '../downloads/png-text';
import { deliveredOutputs, runBatch, sha256, startHarness, writeImages } from './test-helpers';
import type { Harness } from './test-helpers';

let h: Harness;
let imagesDir: string;
let inputs: string[];

beforeAll(async () => {
  h = await startHarness();
  imagesDir = path.join(h.dir, 'in');
  inputs = await writeImages(imagesDir, ['cat.png', 'sub/dog.png']);
});
afterAll(() => h.close());

interface Case {
  name: string;
  spec: () => Record<string, unknown>;
  tasks: number;
  outputsPerTask: number;
  type: 'image' | 'video';
  /** How the provider must have received local images (prefix of each image reference). */
  imageRef?: RegExp;
}

const folder = () => ({ kind: 'folder', dir: imagesDir });

const CASES: Case[] = [
  {
    name: 'PoYo wan-2.7-image text-to-image, 2 images per task',
    spec: () => ({
      provider: 'poyo',
      model: 'wan-2.7-image',
      params: { n: 2 },
      prompts: { kind: 'text', text: 'a {red|blue} kite' },
    }),
    tasks: 2,
    outputsPerTask: 2,
    type: 'image',
  },
  {
    name: 'PoYo wan-2.7-image edit of a folder of local images',
    spec: () => ({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'make {file} a watercolour' },
      inputs: folder(),
    }),
    tasks: 2,
    outputsPerTask: 1,
    type: 'image',
    imageRef: /^http:\/\/127\.0\.0\.1:\d+\//,
  },
  {
    name: 'PoYo wan2.5-image-to-video over a folder',
    spec: () => ({
      provider: 'poyo',
      model: 'wan2.5-image-to-video',
      params: { resolution: '480p', duration: 5 },
      prompts: { kind: 'text', text: 'slow zoom' },
      inputs: folder(),
    }),
    tasks: 2,
    outputsPerTask: 1,
    type: 'video',
    imageRef: /^http:\/\/127\.0\.0\.1:\d+\//,
  },
  {
    name: 'PoYo seedream-5.0-lite text-to-image',
    spec: () => ({
      provider: 'poyo',
      model: 'seedream-5.0-lite',
      params: { size: '2K' },
      prompts: { kind: 'lines', lines: ['a quiet harbour', 'a busy market'] },
    }),
    tasks: 2,
    outputsPerTask: 1,
    type: 'image',
  },
  {
    name: 'PoYo seedream-5.0-lite-edit over a folder',
    spec: () => ({
      provider: 'poyo',
      model: 'seedream-5.0-lite-edit',
      prompts: { kind: 'text', text: 'add snow to {file}' },
      inputs: folder(),
    }),
    tasks: 2,
    outputsPerTask: 1,
    type: 'image',
    imageRef: /^http:\/\/127\.0\.0\.1:\d+\//,
  },
  {
    name: 'APIXO wan-2-7-image text-to-image',
    spec: () => ({
      provider: 'apixo',
      model: 'wan-2-7-image',
      params: { mode: 'omni-image', num_images: 2 },
      prompts: { kind: 'text', text: 'a lighthouse' },
    }),
    tasks: 1,
    outputsPerTask: 2,
    type: 'image',
  },
  {
    name: 'APIXO wan-2-7-image edit, local images hosted through PoYo upload',
    spec: () => ({
      provider: 'apixo',
      model: 'wan-2-7-image',
      params: { mode: 'omni-image' },
      prompts: { kind: 'text', text: 'keep the light' },
      inputs: folder(),
    }),
    tasks: 2,
    outputsPerTask: 1,
    type: 'image',
    imageRef: /^http:\/\/127\.0\.0\.1:\d+\//,
  },
  {
    name: 'Modelverse wan2.7-image text-to-image and edit with inline images',
    spec: () => ({
      provider: 'modelverse',
      model: 'wan2.7-image',
      prompts: { kind: 'text', text: 'ink sketch of {file}' },
      inputs: folder(),
    }),
    tasks: 2,
    outputsPerTask: 1,
    type: 'image',
    imageRef: /^data:image\/png;base64,/,
  },
  {
    name: 'Modelverse wan2.7-image-pro sequential set',
    spec: () => ({
      provider: 'modelverse',
      model: 'wan2.7-image-pro',
      params: { enable_sequential: true, n: 3 },
      prompts: { kind: 'text', text: 'four seasons of one tree' },
    }),
    tasks: 1,
    outputsPerTask: 3,
    type: 'image',
  },
];

/** Image references the provider received, wherever the wire format put them. */
function refsIn(body: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (
      typeof v === 'string' &&
      (/^data:image/.test(v) || /^https?:\/\/.*\/(files|uploads?)\//.test(v))
    )
      found.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(body);
  return found;
}

describe('every seed model completes a batch end to end', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const summary = await runBatch(h.engine, c.spec());
      expect(summary.counts.succeeded).toBe(c.tasks);
      expect(summary.tasks).toBe(c.tasks);
      expect(summary.batch.status).toBe('done');

      const delivered = deliveredOutputs(h.engine, summary.batch.id);
      expect(delivered).toHaveLength(c.tasks * c.outputsPerTask);
      const remoteIds = new Set<string>();
      for (const { task, output, sidecar } of delivered) {
        expect(output.type).toBe(c.type);
        expect(path.extname(output.path ?? '')).toBe(c.type === 'video' ? '.mp4' : '.png');
        expect(sidecar).toMatchObject({
          provider: task.provider,
          model: task.model,
          remoteTaskId: task.remoteId,
          prompt: task.prompt,
          taskId: task.id,
        });
        remoteIds.add(task.remoteId ?? '');
        // One remote task per Genloom task, submitted once.
        const remote = h.sim.task(task.remoteId ?? '');
        expect(remote?.provider).toBe(task.provider);
        expect(remote?.submits).toBe(1);
        if (c.type === 'image') {
          const text = readPngText(readFileSync(output.path ?? ''));
          expect(text.find((t) => t.keyword === 'parameters')?.text).toContain(task.prompt);
        }
        const taskInputs = h.engine.store.tasks.inputs(task.id);
        if (c.imageRef) {
          expect(taskInputs).toHaveLength(1);
          expect(inputs).toContain(taskInputs[0]?.path);
          expect(taskInputs[0]?.sha256).toBe(sha256(taskInputs[0]?.path ?? ''));
          const refs = refsIn(remote?.input);
          expect(refs.length).toBeGreaterThan(0);
          for (const ref of refs) expect(ref).toMatch(c.imageRef);
        }
      }
      expect(remoteIds.size).toBe(c.tasks);
      // Every task's cost was settled: PoYo's own charged figure, APIXO's successful images x
      // unit price, and unknown for Modelverse (no published price).
      for (const task of h.engine.listTasks(summary.batch.id)) {
        if (task.provider === 'modelverse') expect(task.actualCost).toBeNull();
        else if (task.provider === 'apixo') expect(task.actualCost).toBe(task.estimatedCost);
        else {
          expect(task.actualCost).toBeGreaterThan(0);
          expect(task.actualCost).toBeLessThanOrEqual(task.estimatedCost ?? 0);
        }
      }
    });
  }

  it('mirrors input subfolders in output names and can be found in history by prompt', async () => {
    const summary = await runBatch(h.engine, {
      provider: 'poyo',
      model: 'wan-2.7-image',
      name: 'mirror-check',
      prompts: { kind: 'text', text: 'pencil drawing' },
      inputs: folder(),
    });
    const files = deliveredOutputs(h.engine, summary.batch.id).map((d) =>
      path.relative(summary.batch.outDir, d.output.path ?? ''),
    );
    expect(files.sort()).toEqual(['mirror-check/cat-1.png', 'mirror-check/sub/dog-1.png']);
    const page = h.engine.history({ text: 'pencil', batchId: summary.batch.id });
    expect(page.total).toBe(2);
  });
});
