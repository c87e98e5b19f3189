import { describe, expect, it } from 'vitest';
import { STEM_MAX_BYTES, fitFileName, fitStem, shortHash, utf8Bytes } from './fit';
import { checkTemplate, renderTemplate } from './template';
import type { NamingVars } from './template';

const vars: NamingVars = {
  batch: 'Spring',
  input: 'cat.png',
  index: 1,
  seq: 7,
  model: 'seedream-5.0-lite',
  date: new Date(2024, 0, 5, 12),
  provider: 'poyo',
  task: 'task-1',
  ext: 'png',
};

const cjk = (n: number, c = '猫'): string => c.repeat(n);
const segments = (rel: string): string[] => rel.split('/');
const NAME_MAX = 255;

describe('utf8Bytes and shortHash', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('é')).toBe(2);
    expect(utf8Bytes(cjk(83))).toBe(249);
    expect(utf8Bytes('😀')).toBe(4);
  });
  it('hashes deterministically to 8 lowercase base-36 characters', () => {
    expect(shortHash('a')).toMatch(/^[0-9a-z]{8}$/);
    expect(shortHash('a')).toBe(shortHash('a'));
    expect(shortHash('a')).not.toBe(shortHash('b'));
  });
});

describe('fitting names to the filesystem', () => {
  it('leaves names that fit alone', () => {
    expect(fitStem('cat-1')).toBe('cat-1');
    expect(fitFileName('cat-1', 'png')).toBe('cat-1.png');
    expect(fitStem(cjk(70))).toBe(cjk(70));
  });

  it('shortens on a character boundary, keeps the end and the extension, adds a hash', () => {
    const stem = `${cjk(83)}-12-3`;
    const name = fitFileName(stem, 'png');
    expect(utf8Bytes(name)).toBeLessThanOrEqual(NAME_MAX - 12);
    expect(name.endsWith('-12-3.png')).toBe(true);
    expect(name.startsWith('猫猫猫')).toBe(true);
    expect(name).toContain(`~${shortHash(stem)}`);
    // Valid text: no broken surrogate or replacement character.
    expect(name).not.toMatch(/\uFFFD/);
    expect(name).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
  });

  it('never splits a 4-byte character', () => {
    const name = fitStem('😀'.repeat(200));
    expect(utf8Bytes(name)).toBeLessThanOrEqual(STEM_MAX_BYTES);
    expect(name.replace(/~[0-9a-z]{8}/, '')).toMatch(/^(😀)+$/u);
  });

  it('keeps shortened names unique when only the cut-out middle differs', () => {
    const a = fitStem(`${cjk(60)}${'a'.repeat(200)}${cjk(10)}`);
    const b = fitStem(`${cjk(60)}${'b'.repeat(200)}${cjk(10)}`);
    expect(a).not.toBe(b);
  });

  it('depends on the stem only, so the planned name holds whatever extension arrives', () => {
    const stem = cjk(90);
    const png = fitFileName(stem, 'png');
    const jpeg = fitFileName(stem, 'jpeg');
    expect(png.slice(0, -4)).toBe(jpeg.slice(0, -5));
  });
});

describe('renderTemplate keeps every component within 255 bytes', () => {
  it('shortens an input name of 83 CJK characters (249 bytes before the suffix)', () => {
    const rel = renderTemplate('{batch}/{input}-{seq}-{index}.{ext}', {
      ...vars,
      input: `${cjk(83)}.png`,
    });
    const [dir, file] = segments(rel);
    expect(dir).toBe('Spring');
    expect(utf8Bytes(file ?? '')).toBeLessThanOrEqual(NAME_MAX - 12);
    expect(file?.endsWith('-7-1.png')).toBe(true);
  });

  it('gives two long inputs that differ only past the cut two different names', () => {
    const render = (input: string): string =>
      renderTemplate('{input}-{index}.{ext}', { ...vars, input });
    const a = render(`${cjk(160)}甲${cjk(10)}.png`);
    const b = render(`${cjk(160)}乙${cjk(10)}.png`);
    expect(a).not.toBe(b);
    for (const name of [a, b]) expect(utf8Bytes(name)).toBeLessThanOrEqual(NAME_MAX - 12);
  });

  it('shortens a long Cyrillic batch name used as a folder', () => {
    const name = 'Весенняя коллекция обуви и аксессуаров '.repeat(6).slice(0, 200);
    const rel = renderTemplate('{batch}/{index}.{ext}', { ...vars, batch: name });
    const [dir] = segments(rel);
    expect(utf8Bytes(dir ?? '')).toBeLessThanOrEqual(STEM_MAX_BYTES);
    expect(dir?.startsWith('Весенняя коллекция')).toBe(true);
  });

  it('a NUL or control character in a batch name does not add a folder level', () => {
    expect(renderTemplate('{batch}/{index}.{ext}', { ...vars, batch: 'a\u0000b' })).toBe(
      'a_b/1.png',
    );
    expect(renderTemplate('{batch}/{index}.{ext}', { ...vars, batch: 'a\u0001\nb' })).toBe(
      'a__b/1.png',
    );
    expect(renderTemplate('{model}-{index}.{ext}', { ...vars, model: 'm\u0000x' })).toBe(
      'm_x-1.png',
    );
  });

  it('never renders a . or .. component, whatever the values', () => {
    for (const batch of ['.', '..', ' .. ', '\u0000..', '...']) {
      const rel = renderTemplate('{batch}/{input}/{index}.{ext}', {
        ...vars,
        batch,
        input: '../..',
      });
      for (const s of segments(rel)) expect(['.', '..', '']).not.toContain(s);
    }
  });
});

describe('checkTemplate', () => {
  it('refuses fixed text the user typed that no filesystem can hold, naming the field', () => {
    expect(checkTemplate(`${'x'.repeat(300)}-{index}.{ext}`)).toEqual([
      expect.stringMatching(
        /^output\.template has a folder or file name whose fixed text is longer than 234 bytes/,
      ),
    ]);
    expect(checkTemplate(`${cjk(70)}/{input}-{index}.{ext}`)).toEqual([]);
  });
});
