// files.scan against real folders: special files are refused by type before anything opens
// them, system folders and disk roots are never scanned (nor allowed), and a large tree is
// walked only as far as the file cap (issue 9, findings 7 and 13).
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFifo } from '../media/special-files.testkit';
import { scanPaths } from './files-scan';
import type { ScanResult } from './files-scan';

let dir: string;
const fifos: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-scan-'));
});
afterEach(() => {
  // A reader blocked on a FIFO (the bug) is released by a writer opening it.
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waiting: nothing to release.
    }
  }
  // `rm -rf` walks with relative names, so it also removes trees deeper than PATH_MAX.
  spawnSync('rm', ['-rf', dir], { timeout: 10_000 });
});

async function png(file: string, side = 300): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  const background = { r: 200, g: 80, b: 20 };
  await sharp({ create: { width: side, height: side, channels: 3, background } })
    .png()
    .toFile(file);
  return file;
}

/** The scan, or 'hung' when it has not answered within `ms`. */
async function within(scan: Promise<ScanResult>, ms = 3000): Promise<ScanResult | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), ms);
  });
  try {
    return await Promise.race([scan, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('files.scan: special files', () => {
  it.each([
    ['without a model', {}],
    ['with a model', { provider: 'poyo', model: 'wan-2.7-image' }],
  ])('a FIFO named x.png given as a single path is skipped, not opened (%s)', async (_, model) => {
    const fifo = makeFifo(dir, 'x.png');
    if (fifo === undefined) return;
    fifos.push(fifo);
    const good = await png(path.join(dir, 'good.png'));
    const out = await within(scanPaths({ paths: [fifo, good], recursive: false, ...model }));
    expect(out).not.toBe('hung');
    if (out === 'hung') return;
    expect(out.skipped).toEqual([{ path: fifo, reason: 'not a regular file' }]);
    expect(out.files.map((f) => [f.relPath, f.width, f.format])).toEqual([
      ['good.png', 300, 'png'],
    ]);
    expect(out.roots).toEqual([good]);
  });

  it('a link named y.png that points at a FIFO is skipped the same way', async () => {
    const fifo = makeFifo(dir, 'pipe');
    if (fifo === undefined) return;
    fifos.push(fifo);
    const link = path.join(dir, 'y.png');
    symlinkSync(fifo, link);
    const out = await within(scanPaths({ paths: [link], recursive: false }));
    expect(out).toEqual({
      files: [],
      skipped: [{ path: link, reason: 'not a regular file' }],
      truncated: false,
      roots: [],
    });
  });

  it('a FIFO inside a scanned folder is passed over; the images beside it are listed', async () => {
    const folder = path.join(dir, 'imgs');
    await png(path.join(folder, 'a.png'));
    const fifo = makeFifo(folder, 'b.png');
    if (fifo === undefined) return;
    fifos.push(fifo);
    const out = await within(scanPaths({ paths: [folder], recursive: true }));
    expect(out).not.toBe('hung');
    if (out === 'hung') return;
    expect(out.files.map((f) => f.relPath)).toEqual(['imgs/a.png']);
    expect(out.roots).toEqual([folder]);
  });
});

describe('files.scan: system folders and disk roots', () => {
  const REASON =
    'is a system folder or the root of a disk; choose the folder that holds your images';

  it.each(['/', '/proc', '/dev', '/etc'])('%s is skipped and never becomes a root', async (p) => {
    const out = await within(scanPaths({ paths: [p], recursive: false }));
    expect(out).toEqual({
      files: [],
      skipped: [{ path: p, reason: REASON }],
      truncated: false,
      roots: [],
    });
  });

  it('a link to / is judged by where it leads', async () => {
    const link = path.join(dir, 'everything');
    symlinkSync('/', link);
    const out = await within(scanPaths({ paths: [link], recursive: true }));
    expect(out).toEqual({
      files: [],
      skipped: [{ path: link, reason: REASON }],
      truncated: false,
      roots: [],
    });
  });
});

/**
 * A folder whose listing fails even for root: its path is longer than PATH_MAX (4096 bytes).
 * Built by a child process walking down with relative names (a test worker may not chdir).
 */
function tooDeepFolder(parent: string): string {
  const name = 'd'.repeat(250);
  const script = `const fs = require('node:fs'); fs.mkdirSync(${JSON.stringify(parent)}, { recursive: true });
process.chdir(${JSON.stringify(parent)});
for (let i = 0; i < 17; i++) { fs.mkdirSync(${JSON.stringify(name)}); process.chdir(${JSON.stringify(name)}); }`;
  const made = spawnSync(process.execPath, ['-e', script], { timeout: 10_000 });
  expect(made.status).toBe(0);
  return path.join(parent, ...Array.from({ length: 17 }, () => name));
}

describe('files.scan: the walk stops at the cap', () => {
  it('stops after cap + 1 images in sorted order: folders past that point are never read', async () => {
    const root = path.join(dir, 'photos');
    for (const name of ['a/1.png', 'a/2.png', 'a/3.png', 'b.png']) {
      await png(path.join(root, name), 64);
    }
    tooDeepFolder(path.join(root, 'z'));
    const out = await within(scanPaths({ paths: [root], recursive: true }, { maxFiles: 2 }));
    expect(out).not.toBe('hung');
    if (out === 'hung') return;
    expect(out.files.map((f) => f.relPath)).toEqual(['photos/a/1.png', 'photos/a/2.png']);
    expect(out.truncated).toBe(true);
    expect(out.skipped).toEqual([]);
    expect(out.roots).toEqual([root]);
  });

  it('a folder that cannot be read is reported by name; the rest of the tree is still listed', async () => {
    const root = path.join(dir, 'photos');
    await png(path.join(root, 'a.png'), 64);
    await png(path.join(root, 'zz.png'), 64);
    tooDeepFolder(path.join(root, 'deep'));
    const out = await within(scanPaths({ paths: [root], recursive: true }));
    expect(out).not.toBe('hung');
    if (out === 'hung') return;
    expect(out.files.map((f) => f.relPath)).toEqual(['photos/a.png', 'photos/zz.png']);
    expect(out.truncated).toBe(false);
    expect(out.skipped).toHaveLength(1);
    expect(out.skipped[0]?.path.startsWith(path.join(root, 'deep'))).toBe(true);
    expect(out.skipped[0]?.reason).toBe('this folder cannot be read (ENAMETOOLONG)');
    expect(out.roots).toEqual([root]);
  });

  it('lists folders in the same code-point order as planning: a.png before a/b.png', async () => {
    const root = path.join(dir, 'set');
    for (const name of ['a/b.png', 'a.png', 'B.png', 'ab.png'])
      await png(path.join(root, name), 64);
    const out = await within(scanPaths({ paths: [root], recursive: true }));
    if (out === 'hung') throw new Error('hung');
    expect(out.files.map((f) => f.relPath)).toEqual([
      'set/B.png',
      'set/a.png',
      'set/a/b.png',
      'set/ab.png',
    ]);
  });
});
