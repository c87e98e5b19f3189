import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMediaGuard, isSystemFolder } from './media-guard';

let base: string;
let outputs: string;
let inputs: string;
let secretDir: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'genloom-media-'));
  outputs = path.join(base, 'outputs');
  inputs = path.join(base, 'inputs');
  secretDir = path.join(base, 'elsewhere');
  for (const dir of [outputs, path.join(outputs, 'sub'), inputs, secretDir]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(path.join(outputs, 'sub', 'cat.png'), 'png');
  writeFileSync(path.join(inputs, 'dog.jpg'), 'jpg');
  writeFileSync(path.join(outputs, 'notes.txt'), 'text');
  writeFileSync(path.join(secretDir, 'private.png'), 'secret');
  writeFileSync(path.join(base, 'outputs-evil.png'), 'sibling');
  symlinkSync(path.join(secretDir, 'private.png'), path.join(outputs, 'link.png'));
  symlinkSync(secretDir, path.join(outputs, 'linkdir'));
  symlinkSync(path.join(outputs, 'sub', 'cat.png'), path.join(inputs, 'inner.png'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const guard = () => createMediaGuard([outputs, inputs]);

describe('media guard', () => {
  it('serves images inside the allowed folders', async () => {
    const result = await guard().check(path.join(outputs, 'sub', 'cat.png'));
    expect(result).toMatchObject({ ok: true, contentType: 'image/png', bytes: 3 });
    expect(await guard().check(path.join(inputs, 'dog.jpg'))).toMatchObject({ ok: true });
  });

  it('refuses paths with .., even ones that would land inside', async () => {
    const inside = `${outputs}/sub/../sub/cat.png`;
    expect(await guard().check(inside)).toMatchObject({ ok: false, code: 'bad_path' });
    const escape = `${outputs}/../elsewhere/private.png`;
    expect(await guard().check(escape)).toMatchObject({ ok: false, code: 'bad_path' });
  });

  it('refuses absolute paths outside the folders and relative paths', async () => {
    expect(await guard().check(path.join(secretDir, 'private.png'))).toMatchObject({
      ok: false,
      code: 'outside',
    });
    // A sibling whose name starts with the root's name is not inside it.
    expect(await guard().check(path.join(base, 'outputs-evil.png'))).toMatchObject({
      ok: false,
      code: 'outside',
    });
    expect(await guard().check('outputs/sub/cat.png')).toMatchObject({
      ok: false,
      code: 'bad_path',
    });
  });

  it('refuses symlinks whose target escapes, and follows ones that stay inside', async () => {
    expect(await guard().check(path.join(outputs, 'link.png'))).toMatchObject({
      ok: false,
      code: 'outside',
    });
    expect(await guard().check(path.join(outputs, 'linkdir', 'private.png'))).toMatchObject({
      ok: false,
      code: 'outside',
    });
    expect(await guard().check(path.join(inputs, 'inner.png'))).toMatchObject({ ok: true });
  });

  it('refuses what is not media, missing files and junk', async () => {
    expect(await guard().check(path.join(outputs, 'notes.txt'))).toMatchObject({
      code: 'not_media',
    });
    expect(await guard().check(path.join(outputs, 'nope.png'))).toMatchObject({
      code: 'not_found',
    });
    for (const junk of [undefined, null, 42, '', `${outputs}/a\0.png`, {}]) {
      expect(await guard().check(junk)).toMatchObject({ ok: false, code: 'bad_path' });
    }
  });

  it('serves nothing until a folder is allowed', async () => {
    const empty = createMediaGuard();
    expect(await empty.check(path.join(outputs, 'sub', 'cat.png'))).toMatchObject({
      code: 'outside',
    });
    empty.allow(outputs);
    expect(await empty.check(path.join(outputs, 'sub', 'cat.png'))).toMatchObject({ ok: true });
    empty.allow('relative/dir');
    expect(empty.roots()).toEqual([outputs]);
  });

  // Issue 9, finding 13: scanning `/` (or a system folder) must not open the whole disk.
  it('refuses filesystem roots and system folders as roots, also through a symlink', async () => {
    const g = createMediaGuard();
    const rootLink = path.join(base, 'root-link');
    symlinkSync('/', rootLink);
    for (const wide of [
      '/',
      '/etc',
      '/usr',
      '/home',
      '/proc',
      '/proc/self',
      '/dev',
      '/sys/kernel',
      rootLink,
    ]) {
      expect(g.allow(wide)).toBe(false);
    }
    expect(g.roots()).toEqual([]);
    expect(await g.check(path.join(outputs, 'sub', 'cat.png'))).toMatchObject({ code: 'outside' });
    const seeded = createMediaGuard(['/', outputs]);
    expect(seeded.roots()).toEqual([outputs]);
    // A folder the user chose below them is still allowed.
    expect(g.allow(outputs)).toBe(true);
    expect(await g.check(path.join(outputs, 'sub', 'cat.png'))).toMatchObject({ ok: true });
  });

  it('knows Windows drive roots, share roots and system folders', () => {
    const win = path.win32;
    for (const wide of [
      'C:\\',
      'd:\\',
      'C:\\Windows',
      'c:\\windows\\System32',
      'C:\\Program Files',
      'C:\\Program Files (x86)',
      'C:\\ProgramData',
      'C:\\Users',
      '\\\\server\\share',
      '\\\\server\\share\\',
    ]) {
      expect([wide, isSystemFolder(wide, win)]).toEqual([wide, true]);
    }
    for (const chosen of ['C:\\Users\\ann\\Pictures', 'D:\\photos', '\\\\server\\share\\shoot']) {
      expect([chosen, isSystemFolder(chosen, win)]).toEqual([chosen, false]);
    }
  });
});
