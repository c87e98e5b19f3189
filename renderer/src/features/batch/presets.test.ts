import { describe, expect, it } from 'vitest';
import { findModel } from '../../../../shared/catalog/index';
import type { ModelEntry } from '../../../../shared/catalog/types';
import { PRESETS_MAX, SettingsPatchSchema } from '../../../../shared/ipc/settings';
import {
  addPreset,
  applyPresetToRaw,
  presetNameProblem,
  presetParamsFromDraft,
  presetStatus,
  presetsFor,
  rawFromValue,
  removePreset,
  renamePreset,
  updatePresetParams,
} from './presets';
import type { Preset } from './presets';
import { selectFormErrors, visibleErrors } from './selectors';
import type { BatchDraft } from './types';

function draft(patch: Partial<BatchDraft> = {}): BatchDraft {
  return {
    name: '',
    provider: 'poyo',
    model: 'wan-2.7-image',
    raw: { size: '1024x1024', n: '1' },
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

function model(provider: string, id: string): ModelEntry {
  const entry = findModel(provider, id);
  if (entry === undefined) throw new Error(`${provider}/${id} missing from the catalog`);
  return entry;
}

const wan = { provider: 'poyo', model: 'wan-2.7-image' } as const;
const preset = (id: string, name: string, patch: Partial<Preset> = {}): Preset => ({
  id,
  name,
  ...wan,
  params: { size: '1024x1024', n: 2 },
  ...patch,
});

describe('preset names', () => {
  const saved = [preset('a', 'Square pair'), preset('b', 'Wide', { model: 'seedream-5.0-lite' })];

  it('must be 1 to 60 characters', () => {
    expect(presetNameProblem(saved, wan, '   ')).toBe('must not be empty');
    expect(presetNameProblem(saved, wan, 'x'.repeat(61))).toBe('must be at most 60 characters');
    expect(presetNameProblem(saved, wan, 'x'.repeat(60))).toBeNull();
  });

  it('must be unique per model, whatever the case and spaces, but may repeat across models', () => {
    expect(presetNameProblem(saved, wan, ' square PAIR ')).toMatch(/must be unique for this model/);
    expect(presetNameProblem(saved, wan, 'Wide')).toBeNull();
    // Renaming a preset to its own name (or another case of it) is no clash.
    expect(presetNameProblem(saved, wan, 'Square Pair', 'a')).toBeNull();
  });

  it('refuses a new preset beyond the limit, but still allows a rename', () => {
    const full = Array.from({ length: PRESETS_MAX }, (_, i) => preset(`p${i}`, `Preset ${i}`));
    expect(presetNameProblem(full, wan, 'One more')).toMatch(/at most 200 presets/);
    expect(presetNameProblem(full, wan, 'Renamed', 'p3')).toBeNull();
  });
});

describe('saving, renaming, updating and deleting', () => {
  it('saves the draft parameters (not the prompt or inputs) as typed values', () => {
    const result = presetParamsFromDraft(draft({ raw: { size: '1280x720', n: '3', seed: '' } }));
    // Wan takes a custom size as {width, height}: the preset holds what the request carries.
    expect(result).toEqual({ ok: true, params: { size: { width: 1280, height: 720 }, n: 3 } });
  });

  it('refuses to save parameters that break the model rules, naming each field', () => {
    const result = presetParamsFromDraft(draft({ raw: { n: '9' } }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors['param:n']).toMatch(/whole number from 1 to 4/);
    // An empty prompt is the prompt panel's business, not a reason to refuse a preset.
    const noPrompt = draft({ prompt: { ...draft().prompt, text: '' } });
    expect(presetParamsFromDraft(noPrompt).ok).toBe(true);
  });

  it('adds a preset with its name trimmed, and the list passes main settings schema', () => {
    const added = addPreset([], preset('a', '  Square pair  '));
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.presets.map((p) => p.name)).toEqual(['Square pair']);
    expect(SettingsPatchSchema.safeParse({ presets: added.presets }).success).toBe(true);
    const twice = addPreset(added.presets, preset('b', 'square pair'));
    expect(twice).toEqual({
      ok: false,
      error: 'must be unique for this model ("square pair" is taken)',
    });
  });

  it('renames, updates and removes one preset and leaves the others alone', () => {
    const list = [preset('a', 'Square pair'), preset('b', 'Single', { params: { n: 1 } })];
    const renamed = renamePreset(list, 'a', 'Pair');
    expect(renamed.ok && renamed.presets.map((p) => p.name)).toEqual(['Pair', 'Single']);
    expect(renamePreset(list, 'a', 'single')).toMatchObject({ ok: false });
    expect(renamePreset(list, 'gone', 'X')).toEqual({
      ok: false,
      error: 'this preset no longer exists',
    });
    const updated = updatePresetParams(list, 'b', { n: 4 });
    expect(updated.ok && updated.presets[1]?.params).toEqual({ n: 4 });
    expect(updated.ok && updated.presets[0]).toEqual(list[0]);
    expect(removePreset(list, 'a').map((p) => p.id)).toEqual(['b']);
  });

  it('main settings schema refuses duplicate names for one model and over 200 presets', () => {
    const dup = SettingsPatchSchema.safeParse({
      presets: [preset('a', 'Same'), preset('b', 'same ')],
    });
    expect(dup.success).toBe(false);
    if (!dup.success) {
      expect(dup.error.issues[0]?.path).toEqual(['presets', 1, 'name']);
      expect(dup.error.issues[0]?.message).toMatch(/must be unique for poyo\/wan-2.7-image/);
    }
    const many = Array.from({ length: PRESETS_MAX + 1 }, (_, i) => preset(`p${i}`, `P ${i}`));
    expect(SettingsPatchSchema.safeParse({ presets: many }).success).toBe(false);
  });
});

describe('the picker', () => {
  it('lists only the chosen model presets, by name', () => {
    const list = [
      preset('a', 'zoom'),
      preset('b', 'Alpha'),
      preset('c', 'Other model', { model: 'seedream-5.0-lite' }),
    ];
    expect(presetsFor(list, wan).map((p) => p.name)).toEqual(['Alpha', 'zoom']);
  });

  it('applying fills every parameter field and keeps the prompt and image fields', () => {
    const entry = model('poyo', 'wan-2.7-image');
    const applied = applyPresetToRaw(entry, { size: '2048x2048', n: '4', seed: '7' }, { n: 2 });
    // Fields the preset leaves out go back to the provider default (empty).
    expect(applied.raw).toEqual({ size: '', n: '2', seed: '' });
    expect(applied.touched).toEqual({ 'param:size': true, 'param:n': true, 'param:seed': true });
    expect(applied.ignored).toEqual([]);
  });

  it('keeps a value the model now refuses, so its error shows beside the field', () => {
    const state = draft();
    const entry = model('poyo', 'wan-2.7-image');
    const applied = applyPresetToRaw(entry, state.raw, { n: 12, gone: true });
    expect(applied.raw.n).toBe('12');
    expect(applied.ignored).toEqual(['gone']);
    const next = { ...state, raw: applied.raw, touched: applied.touched };
    expect(visibleErrors(next, selectFormErrors(next))['param:n']).toMatch(
      /whole number from 1 to 4 \(got 12\)/,
    );
  });

  it('turns saved values back into what each control holds', () => {
    const entry = model('poyo', 'wan-2.7-image');
    const hint = (key: string) => {
      const found = entry.fields.find((field) => field.key === key);
      if (found === undefined) throw new Error(`no field ${key}`);
      return found;
    };
    expect(rawFromValue(hint('n'), 3)).toBe('3');
    expect(rawFromValue(hint('size'), { width: 1280, height: 720 })).toBe('1280x720');
    expect(rawFromValue(hint('size'), '1024x1024')).toBe('1024x1024');
  });

  it('a saved and re-applied preset round-trips to the same parameters', () => {
    const source = draft({ raw: { size: '1280x720', n: '3', seed: '42' } });
    const saved = presetParamsFromDraft(source);
    if (!saved.ok) throw new Error('expected the draft to save');
    const entry = model('poyo', 'wan-2.7-image');
    const applied = applyPresetToRaw(entry, { size: '', n: '1' }, saved.params);
    expect(presetParamsFromDraft(draft({ raw: applied.raw }))).toEqual(saved);
  });

  it('marks the active preset as edited once a parameter differs from it', () => {
    const list = [preset('a', 'Square pair')];
    const same = draft({ raw: { size: '1024x1024', n: '2' } });
    expect(presetStatus(same, list, 'a')).toEqual({ active: list[0], modified: false });
    expect(presetStatus(draft({ raw: { size: '1024x1024', n: '3' } }), list, 'a').modified).toBe(
      true,
    );
    // A preset of another model is never the active one.
    expect(presetStatus({ ...same, model: 'seedream-5.0-lite' }, list, 'a').active).toBeNull();
  });
});
