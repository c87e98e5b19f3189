// From the raw form values to the catalog input, and the catalog's own zod rules back to errors
// per field. The same validateInput main runs: the form shows what main would refuse, at once.
import { validateInput } from '../../../../shared/catalog/index';
import type { FieldHint, ModelEntry } from '../../../../shared/catalog/types';
import { hiddenKeys } from './field-display';
import type { FormErrors, RawValue } from './types';

const WXH = /^\s*(\d+)\s*[xX×]\s*(\d+)\s*$/;
const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

export type Converted = { ok: true; value: unknown } | { ok: false; message: string };

/** The form key of a catalog field (kept apart from other form keys like 'seeds'). */
export function paramKey(field: string): string {
  return `param:${field}`;
}

/**
 * How this model takes a custom size: as {width, height} or as "WxH" text. Probed against the
 * model's own schema so a new catalog entry needs no change here.
 */
const sizeForms = new WeakMap<ModelEntry, Map<string, 'object' | 'text'>>();

export function customSizeForm(entry: ModelEntry, field: string): 'object' | 'text' {
  let forms = sizeForms.get(entry);
  if (forms === undefined) {
    forms = new Map();
    sizeForms.set(entry, forms);
  }
  const known = forms.get(field);
  if (known !== undefined) return known;
  const form = probeSizeForm(entry, field);
  forms.set(field, form);
  return form;
}

function probeSizeForm(entry: ModelEntry, field: string): 'object' | 'text' {
  const probe = validateInput(entry.provider, entry.model, {
    [field]: { width: 1024, height: 1024 },
  });
  if (probe.ok) return 'object';
  return probe.issues.some((issue) => issue.field === field || issue.field.startsWith(`${field}.`))
    ? 'text'
    : 'object';
}

/**
 * One raw value to what the schema expects. Text that is not a number is passed through as
 * text, so the catalog's own rule names the problem ("must be a whole number from 1 to 4
 * (got the text "x")"). Returns undefined (omitted) for empty optional fields.
 */
export function convertValue(
  hint: FieldHint,
  raw: RawValue | undefined,
  sizeForm: 'object' | 'text',
): Converted | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (raw.trim() === '' && hint.control !== 'textarea' && hint.control !== 'text') return undefined;
  switch (hint.control) {
    case 'integer':
    case 'number':
      return { ok: true, value: NUMBER.test(raw) ? Number(raw) : raw };
    case 'select': {
      const numeric = hint.options?.find((option) => String(option) === raw);
      return { ok: true, value: numeric ?? raw };
    }
    case 'size': {
      if (hint.options?.includes(raw)) return { ok: true, value: raw };
      const match = WXH.exec(raw);
      if (match === null) return { ok: true, value: raw.trim() };
      const [width, height] = [Number(match[1]), Number(match[2])];
      return { ok: true, value: sizeForm === 'object' ? { width, height } : `${width}x${height}` };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(raw) as unknown };
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'it does not parse';
        return { ok: false, message: `must be valid JSON (${reason})` };
      }
    case 'boolean':
      return { ok: true, value: raw === 'true' };
    default:
      return raw === '' ? undefined : { ok: true, value: raw };
  }
}

export interface ParamsResult {
  /** The catalog input without the prompt and image fields (those come from other panels). */
  params: Record<string, unknown>;
  errors: FormErrors;
}

/** Converts every shown field of the model; conversion errors are keyed by paramKey(field). */
export function paramsFromRaw(entry: ModelEntry, raw: Record<string, RawValue>): ParamsResult {
  const params: Record<string, unknown> = {};
  const errors: FormErrors = {};
  // The second name of a switch is not shown, so it is not sent: the shown one decides.
  const hidden = hiddenKeys(entry);
  for (const hint of entry.fields) {
    if (hint.key === entry.promptField || hint.key === entry.images?.field) continue;
    if (hidden.has(hint.key)) continue;
    const sizeForm = hint.control === 'size' ? customSizeForm(entry, hint.key) : 'object';
    const converted = convertValue(hint, raw[hint.key], sizeForm);
    if (converted === undefined) continue;
    if (converted.ok) params[hint.key] = converted.value;
    else errors[paramKey(hint.key)] = converted.message;
  }
  return { params, errors };
}

/**
 * Validates one representative request (the shared params, a sample prompt, sample images) with
 * the catalog and maps each issue to its form key. A nested issue (`size.width`) lands on its
 * top-level field with the sub-field named in the message.
 */
export function catalogErrors(
  entry: ModelEntry,
  params: Record<string, unknown>,
  samplePrompt: string | null,
  sampleImages: number,
): FormErrors {
  const input: Record<string, unknown> = { ...params };
  if (samplePrompt !== null) input[entry.promptField] = samplePrompt;
  if (entry.images !== null && sampleImages > 0) {
    // The real count, so the catalog's own rule reports too many images for "together".
    input[entry.images.field] = Array.from(
      { length: sampleImages },
      (_, i) => `input-${i + 1}.png`,
    );
  }
  const result = validateInput(entry.provider, entry.model, input);
  if (result.ok) return {};
  const errors: FormErrors = {};
  for (const issue of result.issues) {
    const [top = '', ...rest] = issue.field.split('.');
    let key: string;
    if (top === entry.promptField) key = 'prompt';
    else if (entry.images !== null && top === entry.images.field) key = 'inputs';
    else if (top === '') key = 'form';
    else key = paramKey(top);
    const message = rest.length > 0 ? `${rest.join('.')} ${issue.message}` : issue.message;
    errors[key] ??= message;
  }
  return errors;
}

/** The label of a form key, for messages that name the field. */
export function fieldLabel(entry: ModelEntry | undefined, key: string): string {
  if (key.startsWith('param:')) {
    const field = key.slice('param:'.length);
    return entry?.fields.find((hint) => hint.key === field)?.label ?? field;
  }
  return FORM_LABELS[key] ?? key;
}

export const FORM_LABELS: Record<string, string> = {
  prompt: 'Prompt',
  promptFile: 'Prompt file',
  inputs: 'Input images',
  seeds: 'Seeds',
  repeat: 'Repeat',
  variations: 'Parameter variations',
  'output.dir': 'Output folder',
  'output.template': 'File name template',
  budget: 'Budget cap',
  name: 'Batch name',
  form: 'Request',
};
