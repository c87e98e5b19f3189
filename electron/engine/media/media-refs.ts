/**
 * Where a task's parameters name media: the model's declared image field, every field the
 * catalog marks as taking images, and fields whose names say they take an image or a frame
 * (`image`, `first_frame_url`, `mask`), so a model added later is covered without a list to
 * keep in step. Planning and submit read the same answer, so nothing local escapes a check.
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelEntry } from '../../../shared/catalog/types';

export type RefPath = readonly (string | number)[];

export interface MediaRef {
  /** Where the reference sits in the parameters: ['image_urls', 1]. */
  at: RefPath;
  ref: string;
  /** Declared by the catalog: every non-URL text in it is a local file. */
  declared: boolean;
}

/** Field names that hold images or frames; `num_images` and friends hold numbers, not text. */
const MEDIA_NAME = /(^|_)(images?|img|image_urls?|frames?|mask|reference_images?)(_|$)|frame/i;
const IMAGE_EXTENSION = /\.(png|jpe?g|webp|bmp|gif|avif|tiff?)$/i;
/** Nested shapes ({first_frame: {url}}) are followed this deep, no deeper. */
const MAX_DEPTH = 4;

export function isRemoteRef(ref: string): boolean {
  return /^https?:\/\//i.test(ref);
}

export function isDataRef(ref: string): boolean {
  return /^data:/i.test(ref);
}

export function isFileUrl(ref: string): boolean {
  return /^file:\/\//i.test(ref);
}

/** The catalog's image fields for this model. */
export function declaredMediaFields(entry: ModelEntry): Set<string> {
  const fields = new Set<string>();
  if (entry.images) fields.add(entry.images.field);
  for (const hint of entry.fields) if (hint.control === 'images') fields.add(hint.key);
  return fields;
}

/**
 * True when the reference names a file on this machine. In a declared field anything that is
 * not an http(s) or data: URL is a path; in a field known only by its name, only what looks
 * like one (a file:// URL, an absolute or ./ path, an image file name), so `image_size:
 * "1024x1024"` stays text.
 */
export function isLocalRef(ref: MediaRef): boolean {
  const text = ref.ref.trim();
  if (text === '' || isRemoteRef(text) || isDataRef(text)) return false;
  if (ref.declared) return true;
  return (
    isFileUrl(text) || isAbsolute(text) || /^\.{1,2}[\\/]/.test(text) || IMAGE_EXTENSION.test(text)
  );
}

function collect(value: unknown, at: RefPath, declared: boolean, out: MediaRef[]): void {
  if (typeof value === 'string') {
    out.push({ at, ref: value, declared });
  } else if (Array.isArray(value)) {
    if (at.length > MAX_DEPTH) return;
    value.forEach((item, i) => collect(item, [...at, i], declared, out));
  } else if (typeof value === 'object' && value !== null) {
    if (at.length > MAX_DEPTH) return;
    for (const [key, item] of Object.entries(value)) collect(item, [...at, key], declared, out);
  }
}

/** Every text held by a media field of `params`, with where it sits. */
export function mediaRefs(entry: ModelEntry, params: Record<string, unknown>): MediaRef[] {
  const declared = declaredMediaFields(entry);
  const out: MediaRef[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (key === entry.promptField) continue;
    const isDeclared = declared.has(key);
    if (isDeclared || MEDIA_NAME.test(key)) collect(value, [key], isDeclared, out);
  }
  return out;
}

/** The absolute path a local reference names; relative ones are read from `baseDir`. */
export function localPathOf(ref: string, baseDir: string): string {
  const text = ref.trim();
  if (isFileUrl(text)) return fileURLToPath(text);
  return isAbsolute(text) ? text : resolvePath(baseDir, text);
}

/** `image_urls[1]`, `first_frame.url`: how planning names a field. */
export function bracketField(at: RefPath): string {
  return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** `image_urls.1`: how the catalog's validation names a field. */
export function dottedField(at: RefPath): string {
  return at.join('.');
}

/** A copy of `container` with the value at `at` replaced; the rest is shared, not mutated. */
export function replaceAt(container: unknown, at: RefPath, value: unknown): unknown {
  const [head, ...rest] = at;
  if (head === undefined) return value;
  if (Array.isArray(container)) {
    const copy: unknown[] = [...(container as unknown[])];
    copy[Number(head)] = replaceAt(copy[Number(head)], rest, value);
    return copy;
  }
  const record =
    typeof container === 'object' && container !== null
      ? (container as Record<string, unknown>)
      : {};
  const key = String(head);
  return { ...record, [key]: replaceAt(record[key], rest, value) };
}
