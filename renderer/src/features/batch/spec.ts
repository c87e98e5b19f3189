// Seeds, variations, naming and budget from the draft, and the BatchSpec main receives.
import { MAX_SEED } from '../../../../shared/catalog/common';
import type { Currency, ModelEntry } from '../../../../shared/catalog/types';
import type { BatchSpecInput } from '../../../../shared/schemas/batch';
import { convertValue, customSizeForm, paramKey } from './draft-params';
import type { BatchDraft, FormErrors } from './types';
import { checkTemplate, renderTemplate, TEMPLATE_VARS } from '../../../../shared/naming/template';
import type { NamingVars } from '../../../../shared/naming/template';

/** More seeds than this is almost surely a typo in a range ("1-1000000"). */
export const MAX_SEEDS = 10_000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** "1, 2, 10-12" -> [1, 2, 10, 11, 12]. Empty text -> undefined (no seed variation). */
export function parseSeeds(text: string): Parsed<number[] | undefined> {
  if (text.trim() === '') return { ok: true, value: undefined };
  const seeds: number[] = [];
  for (const part of text.split(/[\s,;]+/).filter((p) => p !== '')) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range !== null) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) return { ok: false, message: `range ${part} must go from low to high` };
      if (to > MAX_SEED) return { ok: false, message: `must be at most ${MAX_SEED} (got ${to})` };
      if (seeds.length + (to - from + 1) > MAX_SEEDS) {
        return {
          ok: false,
          message: `must list at most ${MAX_SEEDS.toLocaleString('en-US')} seeds`,
        };
      }
      for (let seed = from; seed <= to; seed++) seeds.push(seed);
      continue;
    }
    if (!/^\d+$/.test(part)) {
      return {
        ok: false,
        message: `must be whole numbers from 0 to ${MAX_SEED} or ranges like 1-10 (got "${part}")`,
      };
    }
    const seed = Number(part);
    if (seed > MAX_SEED) return { ok: false, message: `must be at most ${MAX_SEED} (got ${part})` };
    seeds.push(seed);
  }
  if (seeds.length > MAX_SEEDS) {
    return { ok: false, message: `must list at most ${MAX_SEEDS.toLocaleString('en-US')} seeds` };
  }
  return { ok: true, value: seeds };
}

export function parseRepeat(text: string): Parsed<number> {
  if (text.trim() === '') return { ok: true, value: 1 };
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value < 1 || value > 1000) {
    return { ok: false, message: `must be a whole number from 1 to 1000 (got "${text.trim()}")` };
  }
  return { ok: true, value };
}

export function parseBudget(text: string): Parsed<number | null> {
  if (text.trim() === '') return { ok: true, value: null };
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    return { ok: false, message: `must be a number above 0 (got "${text.trim()}")` };
  }
  return { ok: true, value };
}

/**
 * The budget field's starting text for a model priced in `currency`: the default cap from the
 * settings for that currency, or '' (no cap) when there is none or the price is unknown.
 */
export function defaultBudgetText(
  defaults: Readonly<Partial<Record<Currency, number>>>,
  currency: Currency | undefined,
): string {
  const value = currency === undefined ? undefined : defaults[currency];
  return value === undefined ? '' : String(value);
}

export const TEMPLATE_VARIABLES = TEMPLATE_VARS;

/**
 * The file name a template gives for a sample task: a live example under the field, rendered
 * by the same code the engine names outputs with, so what it shows is what gets written.
 */
export function namingExample(template: string, sample: NamingVars): Parsed<string> {
  const problem = templateProblem(template);
  return problem === undefined
    ? { ok: true, value: renderTemplate(template, sample) }
    : { ok: false, message: problem };
}

/** The template's first problem, phrased for the field (its label names the field). */
function templateProblem(template: string): string | undefined {
  return checkTemplate(template)[0]
    ?.replace(/^output\.template /, '')
    .replace(/\.$/, '');
}

/** Parameter variations: each row's comma-separated values converted like the form field. */
export function variationParams(
  entry: ModelEntry,
  rows: BatchDraft['variations']['params'],
): Parsed<Record<string, unknown[]> | undefined> {
  const out: Record<string, unknown[]> = {};
  for (const row of rows) {
    if (row.key === '' && row.values.trim() === '') continue;
    const hint = entry.fields.find((field) => field.key === row.key);
    if (hint === undefined) return { ok: false, message: `choose a parameter for "${row.values}"` };
    const parts = row.values
      .split(/[,;\n]/)
      .map((value) => value.trim())
      .filter((value) => value !== '');
    if (parts.length === 0) return { ok: false, message: `${hint.label} needs at least one value` };
    const sizeForm = hint.control === 'size' ? customSizeForm(entry, hint.key) : 'object';
    const values: unknown[] = [];
    for (const part of parts) {
      const converted = convertValue(hint, part, sizeForm);
      if (converted === undefined) continue;
      if (!converted.ok) return { ok: false, message: `${hint.label}: ${converted.message}` };
      values.push(converted.value);
    }
    out[hint.key] = values;
  }
  return { ok: true, value: Object.keys(out).length > 0 ? out : undefined };
}

function promptSource(draft: BatchDraft): BatchSpecInput['prompts'] {
  const p = draft.prompt;
  switch (p.mode) {
    case 'text':
      return p.text.trim() === '' ? { kind: 'none' } : { kind: 'text', text: p.text };
    case 'lines': {
      const lines = p.lines.split('\n').filter((line) => line.trim() !== '');
      return lines.length === 0 ? { kind: 'none' } : { kind: 'lines', lines };
    }
    case 'list':
      return { kind: 'list', file: p.file.trim() };
    case 'csv':
      return { kind: 'csv', file: p.file.trim() };
    case 'sidecar':
      return p.fallback.trim() === ''
        ? { kind: 'sidecar' }
        : { kind: 'sidecar', fallback: p.fallback };
  }
}

function inputSource(draft: BatchDraft): BatchSpecInput['inputs'] {
  const { roots, files, recursive, together } = draft.inputs;
  if (files.length === 0) return { kind: 'none' };
  // One folder as dropped keeps its name as the root of mirrored subfolders.
  const folder = roots.length === 1 && !files.some((file) => file.path === roots[0]);
  if (folder && !together) return { kind: 'folder', dir: roots[0] as string, recursive };
  return { kind: 'files', files: files.map((file) => file.path), together };
}

/** Errors of the panels outside the parameter form. */
export function panelErrors(draft: BatchDraft, entry: ModelEntry): FormErrors {
  const errors: FormErrors = {};
  const seeds = parseSeeds(draft.variations.seeds);
  if (!seeds.ok) errors.seeds = seeds.message;
  const repeat = parseRepeat(draft.variations.repeat);
  if (!repeat.ok) errors.repeat = repeat.message;
  const variations = variationParams(entry, draft.variations.params);
  if (!variations.ok) errors.variations = variations.message;
  const budget = parseBudget(draft.budget);
  if (!budget.ok) errors.budget = budget.message;
  if (
    (draft.prompt.mode === 'list' || draft.prompt.mode === 'csv') &&
    draft.prompt.file.trim() === ''
  ) {
    errors.promptFile = `must be the path of a ${draft.prompt.mode === 'csv' ? '.csv' : '.txt'} file`;
  }
  if (draft.prompt.mode === 'sidecar' && draft.inputs.files.length === 0) {
    errors.prompt = 'sidecar prompts need input images (name.txt beside name.png)';
  }
  if (draft.output.template.trim() !== '') {
    const problem = templateProblem(draft.output.template);
    if (problem !== undefined) errors['output.template'] = problem;
  }
  if (entry.images?.required === true && draft.inputs.files.length === 0) {
    errors.inputs = `this model needs ${entry.images.min === 1 ? 'an input image' : `${entry.images.min} input images`}; drop images or a folder`;
  }
  if (entry.images === null && draft.inputs.files.length > 0) {
    errors.inputs = `${entry.title} takes no input images; remove them or pick an image model`;
  }
  return errors;
}

/** The spec for batch.dryRun / batch.create (assumes panelErrors found nothing). */
export function specFromDraft(
  draft: BatchDraft,
  entry: ModelEntry,
  params: Record<string, unknown>,
): BatchSpecInput {
  const seeds = parseSeeds(draft.variations.seeds);
  const repeat = parseRepeat(draft.variations.repeat);
  const variations = variationParams(entry, draft.variations.params);
  const budget = parseBudget(draft.budget);
  const spec: BatchSpecInput = {
    provider: draft.provider,
    model: draft.model,
    params,
    prompts: promptSource(draft),
    inputs: inputSource(draft),
    variations: {
      repeat: repeat.ok ? repeat.value : 1,
      ...(seeds.ok && seeds.value !== undefined ? { seeds: seeds.value } : {}),
      ...(variations.ok && variations.value !== undefined ? { params: variations.value } : {}),
    },
    output: {
      collision: draft.output.collision,
      ...(draft.output.dir.trim() !== '' ? { dir: draft.output.dir.trim() } : {}),
      ...(draft.output.template.trim() !== '' ? { template: draft.output.template.trim() } : {}),
    },
  };
  if (draft.name.trim() !== '') spec.name = draft.name.trim();
  if (budget.ok && budget.value !== null) spec.budget = budget.value;
  return spec;
}

export { paramKey };
