// Issue 9, finding 7: every local media reference of every task is checked at planning, before
// anything is persisted or paid for: folder inputs, and images named through parameters
// (`--set image_urls=...`, a CSV column, relative paths, any image field of the model).
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecIssue } from '../../../shared/schemas/batch';
import { planBatch } from '../runner/create-batch';
import { APIXO_NEEDS_HOST } from './resolve-inputs';
import { DEV_ZERO, makeFifo, ON_LINUX } from './special-files.testkit';
import { makeSampleImages } from './test-images';
import type { SampleImages } from './test-images';

let img: SampleImages;
let fifo: string | undefined;
beforeAll(async () => {
  img = await makeSampleImages();
  fifo = makeFifo(img.dir, 'in.png');
});
afterAll(async () => {
  await img.cleanup();
});

const ctx = { configured: () => true };

async function issuesOf(spec: Record<string, unknown>): Promise<SpecIssue[]> {
  const planned = await planBatch(spec, ctx);
  return planned.ok ? [] : planned.issues;
}

function withImages(images: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: 'poyo',
    model: 'wan-2.7-image',
    prompts: { kind: 'text', text: 'restyle image 1' },
    params: { image_urls: images },
    ...extra,
  };
}

describe('planBatch checks images named in parameters', () => {
  it.skipIf(!ON_LINUX)(
    'refuses a FIFO in image_urls at planning, without hanging',
    async () => {
      const issues = await issuesOf(withImages([img.png, fifo]));
      expect(issues).toEqual([
        { field: 'params.image_urls[1]', message: `${fifo}: not a regular file (a FIFO)` },
      ]);
    },
    3000,
  );

  it.skipIf(DEV_ZERO === undefined)(
    'refuses /dev/zero by its type, without reading it',
    async () => {
      const issues = await issuesOf(withImages([DEV_ZERO]));
      expect(issues).toEqual([
        {
          field: 'params.image_urls[0]',
          message: '/dev/zero: not a regular file (a character device)',
        },
      ]);
    },
    3000,
  );

  it('refuses a truncated JPEG named by a path relative to the working folder', async () => {
    const rel = relative(process.cwd(), img.truncatedJpeg);
    const issues = await issuesOf(withImages([img.jpeg, rel]));
    expect(issues).toEqual([
      {
        field: 'params.image_urls[1]',
        // Planning stores media paths absolute, so the message names the file it read.
        message: `${img.truncatedJpeg}: truncated or corrupt image data (decode failed)`,
      },
    ]);
  });

  it('refuses a truncated PNG in another model\u2019s image field (Modelverse `images`)', async () => {
    const issues = await issuesOf({
      provider: 'modelverse',
      model: 'wan2.7-image',
      prompts: { kind: 'text', text: 'p' },
      params: { images: [img.truncatedPng] },
    });
    expect(issues).toEqual([
      {
        field: 'params.images[0]',
        message: `${img.truncatedPng}: truncated or corrupt image data (decode failed)`,
      },
    ]);
  });

  it('lets valid images in image_urls through', async () => {
    const planned = await planBatch(withImages([img.png, img.jpeg]), ctx);
    expect(planned.ok ? 'planned' : planned.issues).toBe('planned');
  });

  it('checks an image_urls CSV column, each distinct file once', async () => {
    const csv = join(img.dir, 'prompts.csv');
    writeFileSync(
      csv,
      [
        'prompt,image_urls',
        `a fox,${img.png}`,
        `a cat,${img.truncatedPng}`,
        `a dog,"${img.jpeg},${img.truncatedPng}"`,
      ].join('\n'),
    );
    const issues = await issuesOf({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'csv', file: csv },
    });
    expect(issues).toEqual([
      {
        field: 'params.image_urls[0]',
        message: `${img.truncatedPng}: truncated or corrupt image data (decode failed)`,
      },
    ]);
  });
});

describe('planBatch knows who will host images named in parameters', () => {
  it('refuses local files for APIXO when no PoYo key can upload them', async () => {
    const spec = {
      provider: 'apixo',
      model: 'wan-2-7-image',
      prompts: { kind: 'text', text: 'p' },
      params: { mode: 'omni-image', image_urls: ['https://example.com/a.jpg', img.jpeg] },
    };
    const planned = await planBatch(spec, { configured: (p: string) => p === 'apixo' });
    expect(planned.ok ? [] : planned.issues).toEqual([
      { field: 'params.image_urls[1]', message: APIXO_NEEDS_HOST },
    ]);
  });
});

describe('planBatch checks folder inputs in full', () => {
  it('refuses a truncated image in the input folder, naming it relative to the folder', async () => {
    const issues = await issuesOf({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: { kind: 'text', text: 'restyle' },
      inputs: { kind: 'files', files: [img.png, img.truncatedPng] },
    });
    expect(issues).toEqual([
      { field: 'inputs', message: 'cut.png: truncated or corrupt image data (decode failed)' },
    ]);
  });
});
