// Shared zod pieces for the catalog. Every piece carries its own message, in words a user
// understands, so a validation error names the rule and not zod's internals.
import { z } from 'zod';

/** The largest seed the Wan/DashScope family accepts (a signed 32-bit integer). */
export const MAX_SEED = 2147483647;

/** Counts characters as a person does (code points), so an emoji is one character. */
export function charCount(text: string): number {
  return [...text].length;
}

/** A short description of what the user gave, for "(got ...)" suffixes. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = charCount(value) > 40 ? `${[...value].slice(0, 40).join('')}...` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'an object';
}

/** An error option that appends what the user gave to a fixed rule, or says it is missing. */
function rule(message: string): { error: (issue: { input?: unknown }) => string } {
  return {
    error: (issue) =>
      issue.input === undefined
        ? `is required; ${message}`
        : `${message} (got ${describeValue(issue.input)})`,
  };
}

export function plural(count: number, word: string): string {
  const many = word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`;
  return `${count} ${count === 1 ? word : many}`;
}

export function rangeText(min: number, max: number): string {
  return min === max ? `exactly ${min}` : `${min} to ${max}`;
}

interface TextOptions {
  min?: number;
  max?: number;
}

/** Free text with a length rule counted in characters. `min` defaults to 1 (not empty). */
export function textField({ min = 1, max }: TextOptions = {}): z.ZodType<string> {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be text'),
    })
    .superRefine((text, ctx) => {
      const count = charCount(text);
      if (min > 0 && text.trim() === '') {
        ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      } else if (count < min) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at least ${plural(min, 'character')} (it has ${count})`,
        });
      }
      if (max !== undefined && count > max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at most ${plural(max, 'character')} (it has ${count})`,
        });
      }
    });
}

/** A whole number in [min, max]; one message for every way of breaking the rule. */
export function wholeNumber(min: number, max: number): z.ZodType<number> {
  const r = rule(`must be a whole number from ${min} to ${max}`);
  return z.number(r).int(r).min(min, r).max(max, r);
}

/** A whole number >= min, for fields whose upper bound depends on other fields. */
export function wholeNumberFrom(min: number, text: string): z.ZodType<number> {
  const r = rule(text);
  return z.number(r).int(r).min(min, r);
}

/** Seeds: the Wan/DashScope range 0..2^31-1. PoYo and APIXO only say "integer". */
export function seedField(): z.ZodType<number> {
  return wholeNumber(0, MAX_SEED);
}

export function booleanField(): z.ZodType<boolean> {
  return z.boolean(rule('must be true or false'));
}

/** One of a fixed list of values (strings or numbers). */
export function oneOf<const T extends readonly [string | number, ...(string | number)[]]>(
  values: T,
): z.ZodType<T[number]> {
  return z.literal(values, rule(`must be one of ${values.join(', ')}`));
}

export type SizeValue = string | { width: number; height: number };

interface SizeOptions {
  presets: readonly string[];
  /** Accept "WIDTHxHEIGHT" text besides the presets. */
  wxh: boolean;
  /** Accept a { width, height } object. */
  object: boolean;
}

const WXH = /^\s*(\d+)\s*[xX]\s*(\d+)\s*$/;

function sizeRuleText({ presets, wxh, object }: SizeOptions): string {
  const forms = [`one of ${presets.join(', ')}`];
  if (wxh) forms.push('a WIDTHxHEIGHT text such as 2048x1536');
  if (object) forms.push('{"width": W, "height": H}');
  const last = forms.pop() ?? '';
  return `must be ${forms.length > 0 ? `${forms.join(', ')} or ${last}` : last}`;
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/**
 * An output size: a preset, optionally "WxH" text, optionally {width, height}. Written by hand
 * instead of a zod union so an error can name `size.width` rather than "no union member matched".
 */
export function sizeField(options: SizeOptions): z.ZodType<SizeValue> {
  const ruleText = sizeRuleText(options);
  return z
    .custom<SizeValue>(() => true)
    .superRefine((value, ctx) => {
      if (typeof value === 'string') {
        if (options.presets.includes(value)) return;
        const match = options.wxh ? WXH.exec(value) : null;
        if (match === null) {
          ctx.addIssue({ code: 'custom', message: `${ruleText} (got ${describeValue(value)})` });
        } else if (Number(match[1]) < 1 || Number(match[2]) < 1) {
          ctx.addIssue({ code: 'custom', message: 'width and height must be above 0' });
        }
        return;
      }
      if (!options.object || typeof value !== 'object' || value === null || Array.isArray(value)) {
        ctx.addIssue({ code: 'custom', message: `${ruleText} (got ${describeValue(value)})` });
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of ['width', 'height']) {
        const side = record[key];
        if (!isWhole(side) || side < 1) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `must be a whole number above 0 (got ${describeValue(side)})`,
          });
        }
      }
      for (const key of Object.keys(record)) {
        if (key !== 'width' && key !== 'height') {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'unknown field, size accepts: width, height',
          });
        }
      }
    });
}

/** Schemes a URL may carry; anything else with a scheme is refused. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const DATA_IMAGE = /^data:image\/[a-z0-9.+-]+;base64,[a-z0-9+/=\s]+$/i;

/**
 * Why `ref` is not a usable image reference, or null when it is. Local paths are accepted here
 * and uploaded or inlined by the engine; shared/ never touches the filesystem.
 */
export function imageRefProblem(ref: string): string | null {
  if (ref.trim() === '') return 'must not be empty';
  if (/^data:/i.test(ref)) {
    return DATA_IMAGE.test(ref) ? null : 'a data URL must look like data:image/png;base64,...';
  }
  if (URL_SCHEME.test(ref)) {
    if (!/^https?:\/\//i.test(ref)) return 'a URL must start with http:// or https://';
    // shared/ has no URL class (no DOM, no Node); a host and no spaces is enough here.
    return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(ref) ? null : 'is not a valid URL';
  }
  return null;
}

const IMAGE_REF_RULE = 'must be an http(s) URL, a data:image/...;base64 URL or a local file path';

export function imageRef(): z.ZodType<string> {
  return z.string(rule(IMAGE_REF_RULE)).superRefine((ref, ctx) => {
    const problem = imageRefProblem(ref);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A list of image references holding min..max entries. */
export function imageList(min: number, max: number): z.ZodType<string[]> {
  const countRule = `must hold ${rangeText(min, max)} ${max === 1 ? 'image' : 'images'}`;
  const sized = {
    error: (issue: { input?: unknown }) =>
      Array.isArray(issue.input) ? `${countRule} (it holds ${issue.input.length})` : countRule,
  };
  return z
    .array(imageRef(), rule(`${countRule}, given as a list`))
    .min(min, sized)
    .max(max, sized);
}

/** Optional free text with no documented length rule (audio, negative_prompt). */
export function plainText(): z.ZodType<string> {
  return z.string(rule('must be text'));
}

/** The strict input object: an unknown field is refused and the accepted ones are listed. */
export function strictInput<S extends z.ZodRawShape>(shape: S) {
  const accepted = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field, this model accepts: ${accepted}`
        : 'the request must be an object of fields (JSON like {"prompt": "..."})',
  });
}

/** Reads a whole number from an input, with the documented default when absent or invalid. */
export function countOf(input: Record<string, unknown>, key: string, fallback: number): number {
  const value = input[key];
  return isWhole(value) && value > 0 ? value : fallback;
}

/** Reads a string field, or the default when absent or not text. */
export function textOf(input: Record<string, unknown>, key: string, fallback: string): string {
  const value = input[key];
  return typeof value === 'string' ? value : fallback;
}
