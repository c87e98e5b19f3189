// Named parameter presets: plain functions from the saved list and the draft to what the
// picker shows, and from a user's action to the next list (checked with main's own schema).
import type { FieldHint, ModelEntry } from '../../../../shared/catalog/types';
import {
  PRESETS_MAX,
  PresetSchema,
  SettingsSchema,
  presetNameKey,
} from '../../../../shared/ipc/settings';
import type { Preset } from '../../../../shared/ipc/settings';
import { paramKey, paramsFromRaw } from './draft-params';
import { selectEntry, selectFormErrors } from './selectors';
import type { BatchDraft, FormErrors, RawValue } from './types';

export type { Preset };

type Target = Pick<Preset, 'provider' | 'model'>;

/** The presets of one model, by name. */
export function presetsFor(presets: readonly Preset[], target: Target): Preset[] {
  return presets
    .filter((preset) => preset.provider === target.provider && preset.model === target.model)
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}

/** Why this name cannot be used for the model; null when it can. `exceptId` is the renamed one. */
export function presetNameProblem(
  presets: readonly Preset[],
  target: Target,
  name: string,
  exceptId: string | null = null,
): string | null {
  const parsed = PresetSchema.shape.name.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'is not a valid name';
  const key = presetNameKey(name);
  const taken = presets.some(
    (preset) =>
      preset.id !== exceptId &&
      preset.provider === target.provider &&
      preset.model === target.model &&
      presetNameKey(preset.name) === key,
  );
  if (taken) return `must be unique for this model ("${name.trim()}" is taken)`;
  if (exceptId === null && presets.length >= PRESETS_MAX) {
    return `cannot be added: at most ${PRESETS_MAX} presets are kept (delete one first)`;
  }
  return null;
}

export type PresetParams = Preset['params'];

export type ParamsForPreset =
  { ok: true; params: PresetParams } | { ok: false; errors: FormErrors };

/** The draft's parameters as a preset holds them, or the parameter errors that block saving. */
export function presetParamsFromDraft(draft: BatchDraft): ParamsForPreset {
  const entry = selectEntry(draft);
  if (entry === undefined) return { ok: false, errors: { model: 'choose a model first' } };
  // Prompt, inputs and the other panels are not part of a preset: only parameter errors count.
  const errors = Object.fromEntries(
    Object.entries(selectFormErrors(draft)).filter(([key]) => key.startsWith('param:')),
  );
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // Converted form values are JSON already; the schema makes the type say so.
  const params = PresetSchema.shape.params.safeParse(paramsFromRaw(entry, draft.raw).params);
  if (!params.success) return { ok: false, errors: { form: 'parameters must be JSON values' } };
  return { ok: true, params: params.data };
}

/** One saved value back to what the form's control holds (the reverse of convertValue). */
export function rawFromValue(hint: FieldHint, value: unknown): RawValue {
  if (hint.control === 'boolean') return value === true || value === 'true';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (hint.control === 'size' && typeof value === 'object' && value !== null) {
    const { width, height } = value as { width?: unknown; height?: unknown };
    if (typeof width === 'number' && typeof height === 'number') return `${width}x${height}`;
  }
  return JSON.stringify(value) ?? '';
}

export interface AppliedPreset {
  raw: Record<string, RawValue>;
  /** Form keys of every field the preset set: their errors show at once. */
  touched: Record<string, true>;
  /** Saved fields the model no longer has (left out). */
  ignored: string[];
}

/**
 * The form after choosing a preset: every parameter field takes the preset's value, or empty
 * (the provider's default) when the preset leaves it out. Prompt and image fields stay as they
 * are; values that break the model's rules are kept as saved so their errors can name them.
 */
export function applyPresetToRaw(
  entry: ModelEntry,
  raw: Readonly<Record<string, RawValue>>,
  params: Readonly<Record<string, unknown>>,
): AppliedPreset {
  const fields = entry.fields.filter(
    (hint) => hint.key !== entry.promptField && hint.key !== entry.images?.field,
  );
  const known = new Set(fields.map((hint) => hint.key));
  // Keys of other panels (and of fields this model lacks) stay as they are.
  const next: Record<string, RawValue> = Object.fromEntries(
    Object.entries(raw).filter(([key]) => !known.has(key)),
  );
  const touched: Record<string, true> = {};
  for (const hint of fields) {
    touched[paramKey(hint.key)] = true;
    if (hint.key in params) next[hint.key] = rawFromValue(hint, params[hint.key]);
    else if (hint.control !== 'boolean') next[hint.key] = '';
  }
  const ignored = Object.keys(params).filter((key) => !known.has(key));
  return { raw: next, touched, ignored };
}

/** JSON with sorted keys, so two equal parameter sets compare equal whatever their order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface PresetStatus {
  /** The preset last chosen for this model, if it still exists. */
  active: Preset | null;
  /** The form no longer holds exactly the active preset's parameters. */
  modified: boolean;
}

export function presetStatus(
  draft: BatchDraft,
  presets: readonly Preset[],
  activeId: string | null,
): PresetStatus {
  const active =
    presets.find(
      (preset) =>
        preset.id === activeId &&
        preset.provider === draft.provider &&
        preset.model === draft.model,
    ) ?? null;
  if (active === null) return { active: null, modified: false };
  const entry = selectEntry(draft);
  const current = entry === undefined ? {} : paramsFromRaw(entry, draft.raw).params;
  return { active, modified: stable(current) !== stable(active.params) };
}

export type PresetChange = { ok: true; presets: Preset[] } | { ok: false; error: string };

/** The whole list through main's schema, so what is sent is what main accepts. */
function checked(next: Preset[]): PresetChange {
  const parsed = SettingsSchema.shape.presets.safeParse(next);
  if (parsed.success) return { ok: true, presets: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path[issue.path.length - 1];
  return {
    ok: false,
    error: `${typeof field === 'string' ? field : 'presets'}: ${issue?.message ?? 'is not valid'}`,
  };
}

export function addPreset(presets: readonly Preset[], preset: Preset): PresetChange {
  const problem = presetNameProblem(presets, preset, preset.name);
  if (problem !== null) return { ok: false, error: problem };
  return checked([...presets, { ...preset, name: preset.name.trim() }]);
}

export function renamePreset(presets: readonly Preset[], id: string, name: string): PresetChange {
  const preset = presets.find((candidate) => candidate.id === id);
  if (preset === undefined) return { ok: false, error: 'this preset no longer exists' };
  const problem = presetNameProblem(presets, preset, name, id);
  if (problem !== null) return { ok: false, error: problem };
  return checked(presets.map((p) => (p.id === id ? { ...p, name: name.trim() } : p)));
}

export function updatePresetParams(
  presets: readonly Preset[],
  id: string,
  params: PresetParams,
): PresetChange {
  if (!presets.some((preset) => preset.id === id)) {
    return { ok: false, error: 'this preset no longer exists' };
  }
  return checked(presets.map((p) => (p.id === id ? { ...p, params } : p)));
}

export function removePreset(presets: readonly Preset[], id: string): Preset[] {
  return presets.filter((preset) => preset.id !== id);
}
