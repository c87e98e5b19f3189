// Issue 10, item 8: what the scan shows on a thumbnail is what planning refuses, for the same
// file and model (one source of truth: limitsFor and checkImage), and the model card states
// the same limits.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, describeModel } from '../../../shared/catalog/index';
import { limitsFor } from '../media/resolve-inputs';
import { makeSampleImages } from '../media/test-images';
import type { SampleImages } from '../media/test-images';
import { planBatch } from '../runner/create-batch';
import { scanPaths } from './files-scan';

let img: SampleImages;
beforeAll(async () => {
  img = await makeSampleImages();
});
afterAll(async () => {
  await img.cleanup();
});

/** A folder holding one file, named `name`, made by `make`. */
function folderWith(name: string, make: (file: string) => void): string {
  const dir = path.join(img.dir, `case-${name}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  make(path.join(dir, name));
  return dir;
}

/** The rule after "label: ": each side names the file its own way (folder-relative or not). */
function rules(issues: readonly string[]): string[] {
  return issues.map((issue) => issue.replace(/^[^:]*: /, ''));
}

async function scanVerdict(dir: string, provider: string, model: string): Promise<string[]> {
  const scan = await scanPaths({ paths: [dir], recursive: false, provider, model });
  expect(scan.files).toHaveLength(1);
  return rules(scan.files[0]?.issues ?? []);
}

async function planVerdict(dir: string, provider: string, model: string): Promise<string[]> {
  const planned = await planBatch(
    {
      provider,
      model,
      prompts: { kind: 'text', text: 'restyle the picture' },
      // APIXO's Mode has no default; without it planning stops before the images.
      params: provider === 'apixo' ? { mode: 'omni-image' } : {},
      inputs: { kind: 'folder', dir, recursive: false },
      output: { dir: path.join(img.dir, 'out') },
    },
    { configured: () => true },
  );
  if (planned.ok) return [];
  return rules(planned.issues.filter((i) => i.field === 'inputs').map((i) => i.message));
}

const CASES: [string, string, string, (file: string) => void, RegExp][] = [
  ['a BMP', 'poyo', 'wan-2.7-image', (f) => copyFileSync(img.bmp, f), /format BMP/],
  ['a BMP', 'apixo', 'wan-2-7-image', (f) => copyFileSync(img.bmp, f), /format BMP/],
  ['a GIF', 'modelverse', 'wan2.7-image', (f) => copyFileSync(img.gif, f), /format GIF/],
  [
    'an 11 MB PNG',
    'modelverse',
    'wan2.7-image',
    (f) => writeFileSync(f, Buffer.concat([readFileSync(img.png), Buffer.alloc(11_000_000)])),
    /larger than|over|MB/,
  ],
  [
    'text named .png',
    'poyo',
    'wan-2.7-image',
    (f) => copyFileSync(img.notImage, f),
    /not an image/,
  ],
  [
    'text named .png',
    'modelverse',
    'wan2.7-image',
    (f) => copyFileSync(img.notImage, f),
    /not an image/,
  ],
];

describe('files.scan says what planning refuses', () => {
  it.each(CASES)('%s on %s/%s', async (_, provider, model, make, expected) => {
    const name = _ === 'a BMP' ? 'x.bmp' : _ === 'a GIF' ? 'x.gif' : 'x.png';
    const dir = folderWith(name, make);
    const scanned = await scanVerdict(dir, provider, model);
    const planned = await planVerdict(dir, provider, model);
    expect(planned.join('\n')).toMatch(expected);
    expect(scanned).toEqual(planned);
  });

  it('a good PNG is fine for both on every model that takes images', async () => {
    const dir = folderWith('ok.png', (f) => copyFileSync(img.png, f));
    for (const entry of CATALOG.filter((e) => e.images !== null)) {
      expect(await scanVerdict(dir, entry.provider, entry.model)).toEqual(
        await planVerdict(dir, entry.provider, entry.model),
      );
    }
  });
});

describe('the model card states the limits planning applies', () => {
  it.each(CATALOG.filter((e) => e.images !== null).map((e) => [`${e.provider}/${e.model}`, e]))(
    '%s',
    (_, entry) => {
      expect(describeModel(entry).imageLimits).toEqual(limitsFor(entry));
    },
  );
});
