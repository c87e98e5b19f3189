/**
 * Field checks shared by the three validators. A failed check throws Invalid; each validator
 * catches it at its boundary and returns it as a value naming the field and the rule.
 */
export class Invalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shown(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function fail(field: string, rule: string, ...got: unknown[]): never {
  const suffix = got.length > 0 ? ` (got ${shown(got[0])})` : '';
  throw new Invalid(field, `${field} ${rule}${suffix}`);
}

export function reqObj(parent: Obj, key: string, path: string): Obj {
  const v = parent[key];
  if (v === undefined || v === null) fail(path, 'is required');
  if (!isObj(v)) fail(path, 'must be an object', v);
  return v;
}

export function optObj(parent: Obj, key: string, path: string): Obj | undefined {
  const v = parent[key];
  if (v === undefined) return undefined;
  if (!isObj(v)) fail(path, 'must be an object', v);
  return v;
}

export function optString(
  o: Obj,
  key: string,
  path: string,
  limits: { min?: number; max?: number } = {},
): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') fail(path, 'must be a string', v);
  const len = [...v].length;
  if (limits.min !== undefined && len < limits.min)
    fail(path, `must be at least ${limits.min} characters`, `${len} characters`);
  if (limits.max !== undefined && len > limits.max)
    fail(path, `must be at most ${limits.max} characters`, `${len} characters`);
  return v;
}

export function reqString(
  o: Obj,
  key: string,
  path: string,
  limits: { min?: number; max?: number } = {},
): string {
  const v = optString(o, key, path, limits);
  if (v === undefined) fail(path, 'is required');
  if (v.trim() === '') fail(path, 'must not be empty');
  return v;
}

export function optInt(
  o: Obj,
  key: string,
  path: string,
  min: number,
  max: number,
): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(path, `must be an integer from ${min} to ${max}`, v);
  return v;
}

export function optBool(o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') fail(path, 'must be a boolean', v);
  return v;
}

export function optEnum<T extends string | number>(
  o: Obj,
  key: string,
  path: string,
  values: readonly T[],
): T | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!values.includes(v as T)) fail(path, `must be one of ${values.join(', ')}`, v);
  return v as T;
}

export type UrlRule = 'http' | 'http-or-data';

export function checkImageRef(v: unknown, path: string, rule: UrlRule): string {
  if (typeof v !== 'string') fail(path, 'must be a string URL', v);
  if (/^https?:\/\/[^\s/]+/i.test(v)) return v;
  if (rule === 'http-or-data') {
    const m = /^data:image\/(png|jpeg|jpg|webp|bmp|gif);base64,([A-Za-z0-9+/=\s]+)$/i.exec(v);
    if (m?.[2] && Buffer.from(m[2], 'base64').length > 0) return v;
    fail(path, 'must be an http(s) URL or a data:image/<type>;base64,... URL', v);
  }
  fail(path, 'must be an http(s) URL', v);
}

export function optUrlList(
  o: Obj,
  key: string,
  path: string,
  limits: { min: number; max: number },
  rule: UrlRule,
): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) fail(path, 'must be an array of URLs', v);
  if (v.length < limits.min || v.length > limits.max)
    fail(
      path,
      limits.min === limits.max
        ? `must hold exactly ${limits.min} image${limits.min === 1 ? '' : 's'}`
        : `must hold ${limits.min} to ${limits.max} images`,
      `${v.length}`,
    );
  return v.map((item, i) => checkImageRef(item, `${path}[${i}]`, rule));
}

/**
 * Seeds: the documents give no range except "positive integer recommended" (Modelverse); the
 * DashScope page for the same upstream Wan models gives 0..2147483647, which is used here.
 */
export function optSeed(o: Obj, key: string, path: string): number | undefined {
  return optInt(o, key, path, 0, 2147483647);
}

/**
 * Real servers may ignore fields they do not know; the simulator rejects them (unless told
 * not to) so that a misspelled or misplaced field fails a contract test instead of vanishing.
 */
export function noUnknown(
  o: Obj,
  allowed: readonly string[],
  path: string,
  enabled: boolean,
): void {
  if (!enabled) return;
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key))
      fail(
        path ? `${path}.${key}` : key,
        `is not a documented field (allowed: ${allowed.join(', ')})`,
      );
  }
}

/** `WxH` strings and `{width, height}` objects; the documents give no bounds, so 1..16384. */
export function parseCustomSize(
  v: unknown,
  path: string,
): { width: number; height: number } | null {
  if (typeof v === 'string') {
    const m = /^(\d{1,5})[x*](\d{1,5})$/.exec(v);
    if (!m) return null;
    return checkedSize(Number(m[1]), Number(m[2]), path);
  }
  if (isObj(v)) {
    noUnknown(v, ['width', 'height'], path, true);
    const width = optInt(v, 'width', `${path}.width`, 1, 16384);
    const height = optInt(v, 'height', `${path}.height`, 1, 16384);
    if (width === undefined) fail(`${path}.width`, 'is required');
    if (height === undefined) fail(`${path}.height`, 'is required');
    return { width, height };
  }
  return null;
}

function checkedSize(
  width: number,
  height: number,
  path: string,
): { width: number; height: number } {
  if (width < 1 || width > 16384 || height < 1 || height > 16384)
    fail(path, 'must have width and height from 1 to 16384', `${width}x${height}`);
  return { width, height };
}

/** What every validator hands the task engine. */
export interface NormalisedRequest {
  model: string;
  prompt: string;
  kind: 'image' | 'video';
  count: number;
  width: number;
  height: number;
  imageRefs: string[];
  seed: number | null;
  durationSec: number;
}

export type ValidationOutcome =
  | { ok: true; value: NormalisedRequest }
  | { ok: false; field: string; message: string; unknownModel?: boolean };

export function runValidation(fn: () => NormalisedRequest): ValidationOutcome {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof UnknownModel)
      return { ok: false, field: 'model', message: e.message, unknownModel: true };
    if (e instanceof Invalid) return { ok: false, field: e.field, message: e.message };
    throw e;
  }
}

export class UnknownModel extends Error {}

export function unknownModel(model: unknown, known: readonly string[]): never {
  throw new UnknownModel(
    `model ${JSON.stringify(model)} is not served by the simulator (known: ${known.join(', ')})`,
  );
}

/** Square sizes named by tier. */
export const TIER_PIXELS: Record<string, number> = {
  '1k': 1024,
  '2k': 2048,
  '3k': 3072,
  '4k': 4096,
};
