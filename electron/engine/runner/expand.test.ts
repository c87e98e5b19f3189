import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBatchSpec } from '../../../shared/schemas/batch';
import type { BatchSpecInput } from '../../../shared/schemas/batch';
import { expandBatch } from './expand';
import type { ExpandOptions } from './expand';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-expand-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(rel: string, content: string | Buffer): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

async function expand(input: BatchSpecInput, opts?: ExpandOptions) {
  const spec = parseBatchSpec(input);
  if (!spec.ok) throw new Error(JSON.stringify(spec.issues));
  return expandBatch(spec.value, opts);
}

describe('expandBatch', () => {
  it('makes one task per image, recursively in sorted order, with paths, sizes and hashes', async () => {
    put('imgs/b.png', 'bbb');
    put('imgs/a.jpg', 'aaaa');
    put('imgs/sub/c.webp', 'c');
    put('imgs/notes.txt', 'not an image');
    put('imgs/.hidden.png', 'x');
    const out = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'restyle {file} from {folder}' },
      inputs: { kind: 'folder', dir: path.join(dir, 'imgs') },
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const { tasks } = out.value;
    expect(tasks.map((t) => t.inputs[0]?.relPath)).toEqual(['a.jpg', 'b.png', 'sub/c.webp']);
    expect(tasks.map((t) => t.prompt)).toEqual([
      'restyle a from imgs',
      'restyle b from imgs',
      'restyle c from sub',
    ]);
    expect(tasks[0]?.params.image_urls).toEqual([path.join(dir, 'imgs/a.jpg')]);
    expect(tasks[0]?.inputs[0]?.bytes).toBe(4);
    expect(tasks[0]?.inputs[0]?.sha256).toBe(createHash('sha256').update('aaaa').digest('hex'));
    expect(tasks.map((t) => t.seq)).toEqual([1, 2, 3]);
    // 4.2 credits per image, one image per task by default.
    expect(out.value.estimatedCost).toBeCloseTo(12.6);
    expect(out.value.currency).toBe('credits');
  });

  it('multiplies prompts from a list by alternatives, seeds and parameter grids', async () => {
    const list = put('prompts.txt', '# comments are skipped\na {red|blue} car\n\na house\n');
    const out = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      params: { size: '512x512' },
      prompts: { kind: 'list', file: list },
      variations: { seeds: [1, 2], params: { n: [1, 2] } },
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    // 3 prompts x 2 n values x 2 seeds.
    expect(out.value.tasks).toHaveLength(12);
    expect(out.value.tasks[0]).toMatchObject({
      prompt: 'a red car',
      seed: 1,
      params: { prompt: 'a red car', size: '512x512', n: 1, seed: 1 },
      outputsExpected: 1,
    });
    expect(out.value.tasks[3]?.params).toMatchObject({ n: 2, seed: 2 });
    expect(out.value.tasks[3]?.outputsExpected).toBe(2);
    // (1 + 2 images) x 2 seeds x 3 prompts x 4.2 credits.
    expect(out.value.estimatedCost).toBeCloseTo(75.6);
  });

  it('joins a CSV on the file name, takes extra columns as parameters, and reports gaps', async () => {
    put('imgs/a.png', 'a');
    put('imgs/sub/b.png', 'b');
    const csv = put(
      'p.csv',
      'file,prompt,seed\nsub/b.png,"b, twice",7\na.png,first a,\na,second a,9\n',
    );
    const out = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'csv', file: csv },
      inputs: { kind: 'folder', dir: path.join(dir, 'imgs') },
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.tasks.map((t) => [t.inputs[0]?.relPath, t.prompt, t.seed])).toEqual([
      ['a.png', 'first a', null],
      ['a.png', 'second a', 9],
      ['sub/b.png', 'b, twice', 7],
    ]);

    put('imgs/c.png', 'c');
    const gap = await expand({
      provider: 'poyo',
      model: 'seedream-5.0-lite-edit',
      prompts: { kind: 'csv', file: put('q.csv', 'file,prompt\na.png,x\nzzz.png,y\n') },
      inputs: { kind: 'folder', dir: path.join(dir, 'imgs') },
    });
    expect(gap.ok).toBe(false);
    if (gap.ok) return;
    const messages = gap.issues.map((i) => `${i.field}: ${i.message}`);
    expect(messages).toContain('prompts.file: q.csv line 3: no input image matches "zzz.png"');
    expect(messages).toContain('prompts.file: q.csv has no row for the image sub/b.png');
    expect(messages).toContain('prompts.file: q.csv has no row for the image c.png');
  });

  it('stores image paths named in parameters, a CSV column or a grid as absolute paths', async () => {
    // A resume from another folder must read the same files planning checked (issue 9).
    const remote = 'https://example.com/b.png';
    const inline = 'data:image/png;base64,iVBORw0KGgo=';
    const out = await expand(
      {
        provider: 'poyo',
        model: 'wan-2.7-image',
        params: { image_urls: ['refs/a.png', remote, './refs/c.png', inline] },
        prompts: { kind: 'text', text: 'blend' },
        variations: { params: { image_urls: [['refs/a.png'], [' ../up.png ']] } },
      },
      { baseDir: dir },
    );
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.tasks.map((t) => t.params.image_urls)).toEqual([
      [path.join(dir, 'refs/a.png')],
      [path.join(path.dirname(dir), 'up.png')],
    ]);
    const fromSpec = await expand(
      {
        provider: 'poyo',
        model: 'wan-2.7-image',
        params: { image_urls: ['refs/a.png', remote, './refs/c.png', inline] },
        prompts: { kind: 'text', text: 'blend' },
      },
      { baseDir: dir },
    );
    expect(fromSpec.ok && fromSpec.value.tasks[0]?.params.image_urls).toEqual([
      path.join(dir, 'refs/a.png'),
      remote,
      path.join(dir, 'refs/c.png'),
      inline,
    ]);

    // A CSV column; with no base folder given, the planning process's working folder.
    const csv = put('refs.csv', 'prompt,image_urls\nx,refs/a.png\ny,/abs/b.png\n');
    const fromCsv = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'csv', file: csv },
    });
    expect(fromCsv.ok && fromCsv.value.tasks.map((t) => t.params.image_urls)).toEqual([
      [path.resolve(process.cwd(), 'refs/a.png')],
      ['/abs/b.png'],
    ]);
  });

  it('reads sidecar prompts beside each image, with a fallback for the rest', async () => {
    put('imgs/a.png', 'a');
    put('imgs/a.txt', '  a lake at {dawn|dusk}\n');
    put('imgs/b.png', 'b');
    const noFallback = await expand({
      provider: 'poyo',
      model: 'wan2.5-image-to-video',
      prompts: { kind: 'sidecar' },
      inputs: { kind: 'folder', dir: path.join(dir, 'imgs') },
    });
    expect(noFallback.ok).toBe(false);
    if (!noFallback.ok)
      expect(noFallback.issues[0]?.message).toMatch(/no prompt for b\.png: b\.txt/);
    const out = await expand({
      provider: 'poyo',
      model: 'wan2.5-image-to-video',
      prompts: { kind: 'sidecar', fallback: 'gentle zoom' },
      inputs: { kind: 'folder', dir: path.join(dir, 'imgs') },
    });
    expect(out.ok && out.value.tasks.map((t) => t.prompt)).toEqual([
      'a lake at dawn',
      'a lake at dusk',
      'gentle zoom',
    ]);
  });

  it('names the field and the rule, once per distinct problem, and names the input', async () => {
    put('imgs/a.png', 'a');
    put('imgs/b.png', 'b');
    const out = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      params: { n: 9 },
      prompts: { kind: 'text', text: 'x' },
      inputs: { kind: 'folder', dir: path.join(dir, 'imgs') },
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]?.field).toBe('params.n');
    expect(out.issues[0]?.message).toMatch(/from 1 to 4.*\(a\.png\) \[in 2 tasks\]/);
  });

  it('refuses images for a model that needs none, and a missing folder, by field', async () => {
    const noImages = await expand({
      provider: 'poyo',
      model: 'wan2.5-image-to-video',
      prompts: { kind: 'text', text: 'x' },
    });
    expect(noImages.ok || noImages.issues[0]).toMatchObject({ field: 'inputs' });
    const missing = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'x' },
      inputs: { kind: 'folder', dir: path.join(dir, 'nope') },
    });
    expect(missing.ok || missing.issues[0]).toMatchObject({
      field: 'inputs.dir',
      message: expect.stringMatching(/does not exist/),
    });
    const unknownModel = await expand({
      provider: 'poyo',
      model: 'nope',
      prompts: { kind: 'text', text: 'x' },
    });
    expect(unknownModel.ok || unknownModel.issues[0]?.field).toBe('model');
  });

  it('takes a list of files as one multi-image task, or a CSV of prompts without images', async () => {
    const a = put('set/x/a.png', 'a');
    const b = put('set/y/b.png', 'b');
    const together = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'blend image 1 and image 2' },
      inputs: { kind: 'files', files: [a, b], together: true },
    });
    expect(together.ok).toBe(true);
    if (!together.ok) return;
    expect(together.value.tasks).toHaveLength(1);
    expect(together.value.tasks[0]?.params.image_urls).toEqual([a, b]);
    expect(together.value.tasks[0]?.inputs.map((i) => i.relPath)).toEqual(['x/a.png', 'y/b.png']);

    const csv = put('t2i.csv', 'prompt;n\na castle;2\na moat;\n');
    const t2i = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'csv', file: csv },
    });
    expect(t2i.ok && t2i.value.tasks.map((t) => [t.prompt, t.outputsExpected])).toEqual([
      ['a castle', 2],
      ['a moat', 1],
    ]);
  });

  it('counts a parameter grid before building it, naming the field and the rule', async () => {
    // 8 fields x 10 values: 10^8 combinations, from a spec of a few hundred bytes.
    const grid = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`p${i}`, Array.from({ length: 10 }, (_, v) => v)]),
    );
    const started = performance.now();
    const out = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'a kite' },
      variations: { params: grid },
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out).toEqual({
      ok: false,
      issues: [
        {
          field: 'variations.params',
          message:
            'makes more than 200000 combinations (p0 x p1 x p2 x p3 x p4 x p5: 10 x 10 x 10 x 10 x 10 x 10 so far); at most 200000 tasks are allowed in one batch',
        },
      ],
    });
    // Seeds and repeat multiply the grid too.
    const seeded = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'a kite' },
      variations: { seeds: Array.from({ length: 1000 }, (_, i) => i), repeat: 1000 },
    });
    expect(seeded).toMatchObject({
      ok: false,
      issues: [{ field: 'variations.repeat', message: expect.stringMatching(/more than 200000/) }],
    });
  });

  it('stops counting prompts x variations at the cap, before rendering them all', async () => {
    const list = put(
      'many.txt',
      Array.from({ length: 3000 }, (_, i) => `p${i} {a|b|c|d|e}`).join('\n'),
    );
    const out = await expand({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'list', file: list },
      variations: { params: { n: [1, 2, 3, 4] }, repeat: 4 },
    });
    expect(out).toEqual({
      ok: false,
      issues: [
        {
          field: 'prompts',
          message:
            'the batch expands into more than 200000 tasks (prompts x variations); at most 200000 are allowed in one batch',
        },
      ],
    });
  });
});
