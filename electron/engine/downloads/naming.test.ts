import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NamingError,
  checkTemplate,
  planOutputPath,
  renderTemplate,
  resolveInside,
  safeSegment,
} from './naming';
import type { NamingVars } from './naming';

const vars: NamingVars = {
  batch: 'Spring',
  input: 'shoes/red/cat.png',
  index: 1,
  seq: 7,
  seed: 42,
  model: 'seedream-5.0-lite',
  date: new Date(2024, 0, 5, 12),
  provider: 'poyo',
  task: 'task-1',
  ext: 'png',
};

let parent: string;
let root: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'genloom-naming-'));
  root = join(parent, 'out');
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

/** Every file under dir, relative, with '/' separators. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

describe('renderTemplate', () => {
  it('fills every variable and mirrors the input subfolders', () => {
    expect(renderTemplate('{batch}/{input}-{index}.{ext}', vars)).toBe(
      'Spring/shoes/red/cat-1.png',
    );
    expect(renderTemplate('{date}/{provider}-{model}-{seed}-{seq:4}-{task}', vars)).toBe(
      '2024-01-05/poyo-seedream-5.0-lite-42-0007-task-1.png',
    );
  });

  it('uses the task id for {input} when the task has no input image', () => {
    expect(renderTemplate('{input}_{index:2}.{ext}', { ...vars, input: null })).toBe(
      'task-1_01.png',
    );
  });

  it('refuses templates that try to leave the folder, with a message naming the field', () => {
    for (const t of [
      '../x.{ext}',
      'a/../../x',
      '/etc/x',
      'C:\\x',
      'c:x',
      '\\\\server\\share\\x',
      'a\\..\\b',
    ]) {
      let err: unknown;
      try {
        renderTemplate(t, vars);
      } catch (e) {
        err = e;
      }
      expect(err, t).toBeInstanceOf(NamingError);
      expect((err as NamingError).code, t).toBe('template_escape');
      expect((err as Error).message, t).toMatch(/^output\.template/);
    }
  });

  it('reports unknown variables and stray braces', () => {
    expect(checkTemplate('{nope}/{index')).toEqual([
      expect.stringMatching(/\{nope\}, which is not one of/),
      expect.stringMatching(/\{ or \} that is not part of a \{variable\}/),
    ]);
    expect(() => renderTemplate('{nope}', vars)).toThrow(
      expect.objectContaining({ code: 'template_invalid' }),
    );
    expect(checkTemplate('')).toEqual(['output.template must not be empty.']);
  });

  it('neutralises hostile values instead of following them', () => {
    const cases: [Partial<NamingVars>, string][] = [
      [{ input: '../../etc/passwd' }, '_/_/etc/passwd-1.png'],
      [{ input: '/etc/x.png' }, 'etc/x-1.png'],
      [{ input: 'C:\\Windows\\x.png' }, 'C_/Windows/x-1.png'],
      [{ input: '\\\\server\\share\\x.png' }, 'server/share/x-1.png'],
      [{ input: 'a/./b/../c.png' }, 'a/b/_/c-1.png'],
    ];
    for (const [v, want] of cases)
      expect(renderTemplate('{input}-{index}', { ...vars, ...v })).toBe(want);
    expect(renderTemplate('{batch}/{index}', { ...vars, batch: '../..' })).toBe('.._/1.png');
    expect(
      renderTemplate('{batch}/{model}/{index}', { ...vars, batch: '..', model: 'a/../../b' }),
    ).toBe('_/a_.._.._b/1.png');
  });

  it('makes segments safe on Windows: reserved names, bad characters, trailing dots', () => {
    expect(safeSegment('CON')).toBe('_CON');
    expect(safeSegment('nul.txt')).toBe('_nul.txt');
    expect(safeSegment('a<b>c:d"e|f?g*h')).toBe('a_b_c_d_e_f_g_h');
    expect(safeSegment('name. . ')).toBe('name');
    expect(safeSegment('x\u0000y')).toBe('x_y');
    expect(safeSegment('..')).toBe('_');
    // Long names are shortened (fit.ts): at most 150 characters still, extension kept, with a
    // hash of the full name so two long names stay two names.
    const long = safeSegment('a'.repeat(400) + '.png');
    expect(long.length).toBeLessThanOrEqual(150);
    expect(long).toMatch(/^a+~[0-9a-z]{8}a+\.png$/);
  });
});

describe('resolveInside', () => {
  it('refuses absolute, drive, UNC and climbing paths', () => {
    for (const rel of [
      '/etc/x',
      'C:\\x',
      'C:x',
      '\\\\server\\share',
      '..',
      '../x',
      'a/../../x',
      'a\u0000b',
    ]) {
      expect(() => resolveInside(root, rel), rel).toThrow(
        expect.objectContaining({ code: 'path_escape' }),
      );
    }
    expect(resolveInside(root, 'a/b.png')).toBe(join(root, 'a', 'b.png'));
  });
});

describe('planOutputPath', () => {
  it('writes nothing outside the root, whatever the inputs say', async () => {
    const hostile = [
      '../../evil',
      '/etc/evil',
      'C:\\evil',
      '\\\\server\\share\\evil',
      '..\\..\\evil',
      'ok/../../evil',
    ];
    for (const input of hostile) {
      const rel = renderTemplate('{batch}/{input}', { ...vars, batch: '..', input });
      const plan = await planOutputPath(root, rel, 'suffix');
      writeFileSync(plan.path, 'x');
      plan.release();
    }
    expect(readdirSync(parent)).toEqual(['out']);
    expect(walk(root).every((f) => f.startsWith('_/'))).toBe(true);
    expect(walk(root)).toHaveLength(hostile.length);
  });

  it('refuses a folder that is a symlink to somewhere outside the root', async () => {
    const outside = join(parent, 'elsewhere');
    mkdirSync(outside);
    mkdirSync(root);
    symlinkSync(outside, join(root, 'link'), 'dir');
    await expect(planOutputPath(root, 'link/x.png', 'overwrite')).rejects.toMatchObject({
      code: 'path_escape',
    });
  });

  it('applies the collision policies', async () => {
    mkdirSync(root);
    writeFileSync(join(root, 'a.png'), 'old');
    const s1 = await planOutputPath(root, 'a.png', 'suffix');
    const s2 = await planOutputPath(root, 'a.png', 'suffix'); // reserved by s1, not yet written
    expect([s1.path, s2.path]).toEqual([join(root, 'a-1.png'), join(root, 'a-2.png')]);
    s1.release();
    s2.release();
    expect(await planOutputPath(root, 'a.png', 'skip')).toMatchObject({
      action: 'skip',
      path: join(root, 'a.png'),
    });
    const o = await planOutputPath(root, 'a.png', 'overwrite');
    expect(o).toMatchObject({ action: 'write', path: join(root, 'a.png') });
    o.release();
    const fresh = await planOutputPath(root, 'new/b.png', 'skip');
    expect(fresh).toMatchObject({ action: 'write', path: join(root, 'new', 'b.png') });
    fresh.release();
  });
});

describe('planOutputPath creates nothing outside the root', () => {
  it('checks each folder level before it creates the next one, so a symlink cannot lead out', async () => {
    const outside = join(parent, 'elsewhere');
    mkdirSync(outside);
    mkdirSync(root);
    symlinkSync(outside, join(root, 'link'), 'dir');
    await expect(planOutputPath(root, 'link/sub/deeper/x.png', 'overwrite')).rejects.toMatchObject({
      code: 'path_escape',
    });
    expect(readdirSync(outside)).toEqual([]);
  });

  it('follows a symlink that stays inside the root', async () => {
    mkdirSync(join(root, 'real'), { recursive: true });
    symlinkSync(join(root, 'real'), join(root, 'alias'), 'dir');
    const plan = await planOutputPath(root, 'alias/sub/x.png', 'overwrite');
    plan.release();
    expect(readdirSync(join(root, 'real'))).toEqual(['sub']);
  });

  it('refuses a regular file where a folder should be', async () => {
    mkdirSync(root);
    writeFileSync(join(root, 'Spring'), 'x');
    await expect(planOutputPath(root, 'Spring/x.png', 'overwrite')).rejects.toThrow(
      /Spring is a file, not a folder/,
    );
  });
});
