import { describe, expect, it } from 'vitest';
import { findModel } from '../../../../shared/catalog/index';
import type { ModelEntry } from '../../../../shared/catalog/types';
import { convertValue, customSizeForm, fieldLabel, paramsFromRaw } from './draft-params';
import {
  errorLines,
  inputBadges,
  inputRulesText,
  problemFileCount,
  selectFormErrors,
  selectSpec,
  visibleErrors,
  withoutProblemFiles,
} from './selectors';
import { defaultBudgetText, namingExample, parseBudget, parseSeeds } from './spec';
import type { BatchDraft, InputFileView } from './types';

function draft(patch: Partial<BatchDraft> = {}): BatchDraft {
  return {
    name: '',
    provider: 'poyo',
    model: 'wan-2.7-image',
    raw: {},
    touched: {},
    showAllErrors: false,
    inputs: { roots: [], recursive: true, together: false, files: [] },
    prompt: { mode: 'text', text: 'a lighthouse at dusk', lines: '', file: '', fallback: '' },
    variations: { seeds: '', repeat: '1', params: [] },
    output: { dir: '', template: '', collision: 'suffix' },
    budget: '',
    ...patch,
  };
}

const image = (relPath: string, extra: Partial<InputFileView> = {}): InputFileView => ({
  path: `/in/${relPath}`,
  relPath,
  bytes: 1000,
  width: 1024,
  height: 1024,
  format: null,
  hasAlpha: false,
  ...extra,
});

function model(provider: string, id: string): ModelEntry {
  const entry = findModel(provider, id);
  if (entry === undefined) throw new Error(`${provider}/${id} missing from the catalog`);
  return entry;
}

describe('form errors from the catalog rules', () => {
  it('names the field and the rule, and keeps exactly what the user typed', () => {
    const state = draft({ raw: { n: '7' }, touched: { 'param:n': true } });
    const errors = selectFormErrors(state);
    expect(errors['param:n']).toMatch(/must be a whole number from 1 to 4/);
    expect(errorLines(state, errors)).toContain(`Images per request: ${errors['param:n']}`);
    // The draft is untouched by validation: the typed text is still there to fix.
    expect(state.raw.n).toBe('7');
  });

  it('passes text that is not a number to the catalog so its own rule words the error', () => {
    const errors = selectFormErrors(draft({ raw: { n: 'two' } }));
    expect(errors['param:n']).toMatch(/whole number from 1 to 4 \(got the text "two"\)/);
  });

  it('reports an empty prompt on the prompt field and a too long one with its count', () => {
    expect(selectFormErrors(draft({ prompt: { ...draft().prompt, text: '  ' } })).prompt).toBe(
      'must not be empty',
    );
    const long = 'x'.repeat(5001);
    expect(selectFormErrors(draft({ prompt: { ...draft().prompt, text: long } })).prompt).toMatch(
      /at most 5000 characters \(it has 5001\)/,
    );
  });

  it('names the sub-field of a custom size and accepts a valid one', () => {
    expect(customSizeForm(model('poyo', 'wan-2.7-image'), 'size')).toBe('object');
    expect(customSizeForm(model('modelverse', 'wan2.7-image'), 'size')).toBe('text');
    const ok = paramsFromRaw(model('poyo', 'wan-2.7-image'), { size: '1280x720' });
    expect(ok.params.size).toEqual({ width: 1280, height: 720 });
    const bad = selectFormErrors(draft({ raw: { size: '0x720' } }));
    expect(bad['param:size']).toMatch(/^width must be a whole number above 0/);
  });

  it('refuses JSON that does not parse with the reason, before main sees it', () => {
    const hint = { key: 'extra', label: 'Extra', control: 'json' } as const;
    const result = convertValue(hint, '{"a": }', 'object');
    expect(result).toMatchObject({ ok: false });
    expect(result && !result.ok && result.message).toMatch(/^must be valid JSON/);
  });

  it('asks for input images on a model that needs them, and refuses them where none are taken', () => {
    const needs = selectFormErrors(draft({ model: 'wan2.5-image-to-video', raw: {} }));
    expect(needs.inputs).toMatch(/needs an input image/);
    const files = [image('a.png'), image('b.png')];
    const together = selectFormErrors(
      draft({
        model: 'wan2.5-image-to-video',
        inputs: { roots: ['/in'], recursive: true, together: true, files },
      }),
    );
    expect(together.inputs).toMatch(/must hold exactly 1 image \(it holds 2\)/);
    const oneEach = selectFormErrors(
      draft({
        model: 'wan2.5-image-to-video',
        inputs: { roots: ['/in'], recursive: true, together: false, files },
      }),
    );
    expect(oneEach.inputs).toBeUndefined();
  });

  it('shows edited fields at once and the rest only after a start attempt', () => {
    const state = draft({ raw: { n: '9', seed: '-1' }, touched: { 'param:n': true } });
    const errors = selectFormErrors(state);
    expect(Object.keys(visibleErrors(state, errors))).toEqual(['param:n']);
    expect(Object.keys(visibleErrors({ ...state, showAllErrors: true }, errors))).toEqual(
      expect.arrayContaining(['param:n', 'param:seed']),
    );
  });

  it('labels every form key for messages', () => {
    const entry = model('poyo', 'wan-2.7-image');
    expect(fieldLabel(entry, 'param:seed')).toBe('Seed');
    expect(fieldLabel(entry, 'output.template')).toBe('File name template');
  });
});

describe('the BatchSpec sent to main', () => {
  it('builds a folder batch with typed params, seeds, budget and output', () => {
    const files = [image('sub/a.png'), image('b.png')];
    const result = selectSpec(
      draft({
        name: 'Cliffs',
        raw: { n: '2', size: '1024x768' },
        inputs: { roots: ['/in'], recursive: false, together: false, files },
        variations: { seeds: '1, 5-6', repeat: '2', params: [] },
        output: { dir: '/out', template: '{batch}/{input}-{seed}.{ext}', collision: 'skip' },
        budget: '50',
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec).toEqual({
      name: 'Cliffs',
      provider: 'poyo',
      model: 'wan-2.7-image',
      params: { n: 2, size: '1024x768' },
      prompts: { kind: 'text', text: 'a lighthouse at dusk' },
      inputs: { kind: 'folder', dir: '/in', recursive: false },
      variations: { repeat: 2, seeds: [1, 5, 6] },
      output: { collision: 'skip', dir: '/out', template: '{batch}/{input}-{seed}.{ext}' },
      budget: 50,
    });
  });

  it('sends a list of files once a file is taken out of a folder, and multi-image sets together', () => {
    const files = [image('a.png'), image('b.png')];
    const listed = selectSpec(
      draft({
        inputs: { roots: ['/in/a.png', '/in/b.png'], recursive: true, together: true, files },
      }),
    );
    expect(listed.ok && listed.spec.inputs).toEqual({
      kind: 'files',
      files: ['/in/a.png', '/in/b.png'],
      together: true,
    });
  });

  it('converts parameter variations like the form field and names a bad value', () => {
    const ok = selectSpec(
      draft({ variations: { seeds: '', repeat: '1', params: [{ key: 'n', values: '1, 2' }] } }),
    );
    expect(ok.ok && ok.spec.variations).toEqual({ repeat: 1, params: { n: [1, 2] } });
    const errors = selectFormErrors(
      draft({ variations: { seeds: '', repeat: '1', params: [{ key: '', values: '3' }] } }),
    );
    expect(errors.variations).toMatch(/choose a parameter/);
  });

  it('does not build a spec while any field is wrong', () => {
    const result = selectSpec(draft({ budget: '-3' }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.budget).toMatch(/must be a number above 0 \(got "-3"\)/);
  });
});

describe('seeds, budget and naming', () => {
  it('parses lists and ranges and names what is wrong', () => {
    expect(parseSeeds('')).toEqual({ ok: true, value: undefined });
    expect(parseSeeds('3, 1-3')).toEqual({ ok: true, value: [3, 1, 2, 3] });
    expect(parseSeeds('1.5')).toMatchObject({ ok: false });
    expect(parseSeeds('5-1')).toEqual({ ok: false, message: 'range 5-1 must go from low to high' });
    expect(parseSeeds('0-100000')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/at most 10,000 seeds/),
    });
    expect(parseBudget('12.5')).toEqual({ ok: true, value: 12.5 });
  });

  it('fills a live example and refuses unknown variables and escapes', () => {
    const sample = {
      batch: 'b',
      input: 'sub/cat.png',
      index: 1,
      seed: 7,
      model: 'm',
      date: new Date(2026, 0, 2),
      provider: 'p',
      task: 't',
      ext: 'png',
    };
    expect(namingExample('{batch}/{input}-{seed}.{ext}', sample)).toEqual({
      ok: true,
      value: 'b/sub/cat-7.png',
    });
    // The engine's own rendering: zero padding and the date as the files will have them.
    expect(namingExample('{date}/{input}-{index:3}.{ext}', sample)).toEqual({
      ok: true,
      value: '2026-01-02/sub/cat-001.png',
    });
    expect(namingExample('{nope}.png', sample)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/uses \{nope\}, which is not one of \{batch\}/),
    });
    expect(namingExample('../{input}.png', sample)).toMatchObject({ ok: false });
    expect(namingExample('/abs/{input}.png', sample)).toMatchObject({ ok: false });
  });
});

describe('input problem badges', () => {
  const notImage =
    'photos/x.png: is not an image Genloom can read (accepted: JPEG, PNG, GIF, WEBP)';

  it("shows the scan's verdict (planning's checks) on each thumbnail, without the file name", () => {
    const state = draft({
      inputs: {
        roots: ['/in/photos'],
        recursive: true,
        together: false,
        files: [
          image('photos/x.png', { issues: [notImage] }),
          image('photos/ok.png', { issues: [] }),
        ],
      },
    });
    expect(inputBadges(state).map((b) => [b.name, b.problems])).toEqual([
      ['x.png', ['is not an image Genloom can read (accepted: JPEG, PNG, GIF, WEBP)']],
      ['ok.png', []],
    ]);
  });

  it('"Remove files with problems" keeps the good files as the explicit inputs', () => {
    const files = [
      image('photos/x.png', { issues: [notImage] }),
      image('photos/ok.png', { issues: [] }),
    ];
    const inputs = { roots: ['/in/photos'], recursive: true, together: false, files };
    expect(problemFileCount(draft({ inputs }))).toBe(1);
    const kept = withoutProblemFiles(inputs);
    expect(kept.files.map((f) => f.relPath)).toEqual(['photos/ok.png']);
    expect(kept.roots).toEqual(['/in/photos/ok.png']);
    expect(problemFileCount(draft({ inputs: kept }))).toBe(0);
  });
});

describe('input rules in words', () => {
  it('the drop zone and the model card say what planning accepts for each model', () => {
    expect(inputRulesText(model('poyo', 'wan-2.7-image'))).toBe(
      'JPEG, PNG, GIF or WEBP, up to 20 MB',
    );
    expect(inputRulesText(model('modelverse', 'wan2.7-image'))).toBe(
      'JPEG, PNG, WEBP or BMP, up to 10 MB',
    );
    // APIXO documents BMP, but its files travel through PoYo's upload, which refuses BMP.
    expect(inputRulesText(model('apixo', 'wan-2-7-image'))).not.toMatch(/BMP/);
  });
});

describe('default budget', () => {
  it("starts the budget at the settings' cap for the model's currency, or no cap", () => {
    const defaults = { credits: 300, USD: 4.5 };
    expect(defaultBudgetText(defaults, 'credits')).toBe('300');
    expect(defaultBudgetText(defaults, 'USD')).toBe('4.5');
    expect(defaultBudgetText({ credits: 300 }, 'USD')).toBe('');
    expect(defaultBudgetText(defaults, undefined)).toBe('');
    // What the field starts with becomes the batch's cap like a typed one.
    const spec = selectSpec(draft({ budget: defaultBudgetText(defaults, 'credits') }));
    expect(spec.ok && spec.spec.budget).toBe(300);
  });
});
