// The output folder is checked before any money moves: absolute, creatable, writable (a probe
// file is written and removed). The checks must answer, never hang: Node 20's recursive mkdir
// loops forever on a path such as /proc/x.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirs, makeDirsSync } from './dirs';
import { checkOutputDir, checkOutputPath, pathLimit } from './output-dir';

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'genloom-outdir-'));
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

const hasProc = existsSync('/proc/self');

describe('checkOutputDir', () => {
  it('creates a missing folder to probe it, then leaves nothing behind', async () => {
    const dir = join(parent, 'a', 'b');
    expect(await checkOutputDir(dir)).toEqual([]);
    // As the user types /a, /ab, /abc... no folder is left for each.
    expect(readdirSync(parent)).toEqual([]);
    expect(await checkOutputDir(dir, { keep: true })).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    // An existing folder is never removed.
    expect(await checkOutputDir(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });

  it('refuses a relative folder, naming output.dir', async () => {
    const issues = await checkOutputDir('outputs/x');
    expect(issues).toEqual([
      { field: 'output.dir', message: expect.stringMatching(/must be an absolute folder path/) },
    ]);
    expect(existsSync(join(process.cwd(), 'outputs', 'x'))).toBe(false);
  });

  it('refuses a folder under a regular file, naming output.dir and the reason', async () => {
    const file = join(parent, 'photo.jpg');
    writeFileSync(file, 'x');
    const issues = await checkOutputDir(join(file, 'out'));
    expect(issues).toEqual([
      {
        field: 'output.dir',
        message: expect.stringMatching(/cannot be created.*photo\.jpg is a file, not a folder/),
      },
    ]);
  });

  it('refuses a NUL character', async () => {
    expect(await checkOutputDir(`${parent}/a\u0000b`)).toEqual([
      { field: 'output.dir', message: expect.stringMatching(/NUL/) },
    ]);
  });

  it.runIf(hasProc)(
    'refuses /proc/x at once instead of spinning',
    async () => {
      const t0 = performance.now();
      const issues = await checkOutputDir('/proc/x');
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(issues).toEqual([
        {
          field: 'output.dir',
          message: expect.stringMatching(/^output\.dir "\/proc\/x" cannot be created/),
        },
      ]);
    },
    5000,
  );

  it.runIf(hasProc)('refuses a folder where files cannot be written', async () => {
    // /proc/self exists and is a folder, but takes no new files.
    const issues = await checkOutputDir('/proc/self');
    expect(issues).toEqual([
      {
        field: 'output.dir',
        message: expect.stringMatching(/^output\.dir "\/proc\/self" .*not writable/),
      },
    ]);
  });
});

describe('makeDirs', () => {
  it.runIf(hasProc)(
    'fails on /proc/x instead of looping forever',
    async () => {
      await expect(makeDirs('/proc/x/y')).rejects.toMatchObject({ code: 'ENOENT' });
    },
    5000,
  );

  it.runIf(hasProc)('has a synchronous twin that fails on /proc/x too', () => {
    expect(() => makeDirsSync('/proc/x/y')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    const file = join(parent, 'f');
    writeFileSync(file, 'x');
    expect(() => makeDirsSync(join(file, 'a'))).toThrow(/f is a file, not a folder/);
    makeDirsSync(join(parent, 's', 't'));
    makeDirsSync(join(parent, 's', 't'));
    expect(existsSync(join(parent, 's', 't'))).toBe(true);
  });

  it('creates every missing level and accepts an existing folder', async () => {
    await makeDirs(join(parent, 'x', 'y', 'z'));
    await makeDirs(join(parent, 'x', 'y', 'z'));
    expect(existsSync(join(parent, 'x', 'y', 'z'))).toBe(true);
  });
});

describe('checkOutputPath', () => {
  it('uses each platform limit: Linux 4096 bytes, macOS 1024, Windows 260', () => {
    expect(pathLimit('linux')).toBe(4095);
    expect(pathLimit('darwin')).toBe(1023);
    expect(pathLimit('win32')).toBe(259);
    expect(pathLimit('win32', { longPaths: true })).toBe(32_766);
  });

  it('passes a short path and refuses one that is too long with what may be added to it', () => {
    expect(checkOutputPath('/out', 'Spring/cat-1.png', 'linux')).toBeNull();
    const deep = `/${'d'.repeat(200)}/`.repeat(4);
    expect(checkOutputPath(deep, 'Spring/cat-1.png', 'darwin')).toBeNull();
    const deeper = `/${'d'.repeat(200)}/`.repeat(5);
    expect(checkOutputPath(deeper, 'Spring/cat-1.png', 'darwin')).toMatch(
      /longer than macOS allows \(1023 bytes\)/,
    );
  });

  it('counts UTF-16 units on Windows', () => {
    const root = `C:\\${'猫'.repeat(200)}`;
    expect(checkOutputPath(root, 'a/b.png', 'win32')).toMatch(/longer than Windows allows \(259/);
    expect(checkOutputPath(root, 'a/b.png', 'win32', { longPaths: true })).toBeNull();
  });
});
