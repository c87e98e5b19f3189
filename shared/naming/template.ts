/**
 * Output naming templates, pure: a template such as `{batch}/{input}-{index}.{ext}` becomes a
 * relative path with '/' separators. The template's own text is checked strictly (an absolute
 * template or a `..` in it is refused with a clear error); values filled in from data (file
 * names, batch names) are neutralised instead, since the user did not type them. The engine
 * resolves the result inside the output folder; the renderer shows it as a live example.
 */
import { fitFileName, fitStem, utf8Bytes, STEM_MAX_BYTES } from './fit';

export const TEMPLATE_VARS = [
  'batch',
  'input',
  'index',
  'seq',
  'seed',
  'model',
  'date',
  'provider',
  'task',
  'ext',
] as const;
export type TemplateVar = (typeof TEMPLATE_VARS)[number];

export const DEFAULT_TEMPLATE = '{batch}/{input}-{index}.{ext}';

export interface NamingVars {
  batch: string;
  /** The input's path relative to the input root (`sub/dir/cat.png`); its folders are mirrored. */
  input?: string | null;
  /** Output index within the task, from 1. */
  index: number;
  /** Task sequence number in the batch. */
  seq?: number;
  seed?: number | null;
  model: string;
  date: Date | number;
  provider: string;
  task: string;
  /** File extension without the dot (`png`, `mp4`). */
  ext: string;
}

export type NamingErrorCode = 'template_invalid' | 'template_escape' | 'path_escape';

export class NamingError extends Error {
  readonly code: NamingErrorCode;
  constructor(code: NamingErrorCode, message: string) {
    super(message);
    this.name = 'NamingError';
    this.code = code;
  }
}

const TOKEN = /\{([a-z]+)(?::(\d{1,2}))?\}/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Problems with a template, phrased for the `output.template` form field. Empty when fine. */
export function checkTemplate(template: string): string[] {
  const issues: string[] = [];
  if (template.trim() === '') return ['output.template must not be empty.'];
  if (template.includes('\0')) issues.push('output.template must not contain a NUL character.');
  if (/^([\\/]|[a-zA-Z]:)/.test(template)) {
    issues.push(
      'output.template must be a relative path (no leading / or \\, no drive letter): outputs always stay inside the output folder.',
    );
  }
  const literal = template.replace(TOKEN, 'x');
  if (literal.split(/[\\/]/).some((s) => s.trim() === '..')) {
    issues.push(
      'output.template must not contain ".." segments: outputs always stay inside the output folder.',
    );
  }
  for (const m of template.matchAll(TOKEN)) {
    if (!(TEMPLATE_VARS as readonly string[]).includes(m[1] ?? '')) {
      issues.push(
        `output.template uses {${m[1]}}, which is not one of ${TEMPLATE_VARS.map((v) => `{${v}}`).join(', ')}.`,
      );
    }
  }
  if (/[{}]/.test(template.replace(TOKEN, ''))) {
    issues.push('output.template has a { or } that is not part of a {variable}.');
  }
  // Values are shortened to fit (the user did not type them); fixed text the user typed is not.
  const long = template
    .split(/[\\/]/)
    .find((s) => utf8Bytes(s.replace(TOKEN, '')) > STEM_MAX_BYTES);
  if (long !== undefined) {
    issues.push(
      `output.template has a folder or file name whose fixed text is longer than ${STEM_MAX_BYTES} bytes ("${long.slice(0, 40)}..."): shorten it.`,
    );
  }
  return issues;
}

/**
 * Characters no filesystem takes (or that mean something in a path), NUL and every control
 * character included, become `_`; Windows drops trailing dots and spaces ("a." would alias
 * "a"), so they go; reserved device names get a `_`. Never returns '', '.' or '..'.
 */
function cleanSegment(raw: string): string {
  const s = raw
    .normalize('NFC')
    // Control characters are exactly what must go: NUL truncates paths in C APIs.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^\s+/, '')
    .replace(/[. ]+$/, '');
  if (s === '') return '_';
  const stem = s.split('.')[0] ?? '';
  return RESERVED.test(stem) ? `_${s}` : s;
}

/** A file name's extension as fitFileName keeps it: a short run of letters and digits. */
const EXT_OF = /\.([A-Za-z0-9]{1,8})$/;

/**
 * Makes one path segment safe on Windows, macOS and Linux and short enough for all of them
 * (see fit.ts: a long one is shortened, its extension kept). Never returns '', '.' or '..'.
 */
export function safeSegment(raw: string): string {
  const s = cleanSegment(raw);
  const ext = EXT_OF.exec(s);
  if (ext && ext.index > 0) return fitFileName(s.slice(0, ext.index), ext[1] ?? '');
  return fitStem(s);
}

function pad(n: number, width: string | undefined): string {
  return width ? String(n).padStart(Number(width), '0') : String(n);
}

function localDate(d: Date | number): string {
  const x = new Date(d);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${x.getFullYear()}-${two(x.getMonth() + 1)}-${two(x.getDate())}`;
}

/** `{input}` keeps its folders (mirrored) but loses its extension and any `..`/absolute part. */
function inputPath(rel: string): string {
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  const last = parts.pop() ?? '';
  const dot = last.lastIndexOf('.');
  parts.push(dot > 0 ? last.slice(0, dot) : last);
  // Separators inside the value survive as '/', every part made safe: '..' becomes '_'.
  // Cleaned, not fitted: the whole rendered segment is fitted once, in renderTemplate.
  return parts.map((p) => (p === '..' ? '_' : cleanSegment(p))).join('\u0000');
}

function value(name: string, width: string | undefined, v: NamingVars): string {
  // '/' and '\\' would add folders; NUL is the template's own separator below, so a NUL in a
  // value (a batch name) would add one too. Control characters go with it.
  // eslint-disable-next-line no-control-regex
  const flat = (s: string): string => s.replace(/[\\/\u0000-\u001f\u007f]/g, '_');
  switch (name) {
    case 'batch':
      return flat(v.batch);
    case 'input':
      return v.input ? inputPath(v.input) : flat(v.task);
    case 'index':
      return pad(v.index, width);
    case 'seq':
      return v.seq === undefined ? '' : pad(v.seq, width);
    case 'seed':
      return v.seed === null || v.seed === undefined ? '' : pad(v.seed, width);
    case 'model':
      return flat(v.model);
    case 'date':
      return localDate(v.date);
    case 'provider':
      return flat(v.provider);
    case 'task':
      return flat(v.task);
    case 'ext':
      return safeExt(v.ext);
    default:
      throw new NamingError('template_invalid', `output.template uses unknown variable {${name}}.`);
  }
}

function safeExt(ext: string): string {
  const e = ext
    .replace(/^\./, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return e === '' ? 'bin' : e.slice(0, 8);
}

/** checkTemplate of the last template rendered: a batch renders one template many times. */
let lastChecked: { template: string; issues: string[] } | null = null;
function checkedTemplate(template: string): string[] {
  if (lastChecked?.template !== template)
    lastChecked = { template, issues: checkTemplate(template) };
  return lastChecked.issues;
}

/**
 * Renders a template to a safe relative path with '/' separators. Throws NamingError for a
 * template that breaks the rules of checkTemplate. The file always ends in `.{ext}`.
 */
export function renderTemplate(template: string, vars: NamingVars): string {
  const issues = checkedTemplate(template);
  if (issues.length) {
    const escape = issues.some((i) => /relative path|\.\."/.test(i));
    throw new NamingError(escape ? 'template_escape' : 'template_invalid', issues.join(' '));
  }
  // Template separators become NUL first so that '/' inside values cannot add folders;
  // only {input} contributes folders of its own (as NUL, see inputPath).
  const marked = template.replace(/[\\/]+/g, '\u0000');
  const filled = marked.replace(TOKEN, (_m, name: string, width: string | undefined) =>
    value(name, width, vars),
  );
  const segments = filled
    .split('\u0000')
    .filter((s) => s !== '')
    .map(cleanSegment);
  const ext = safeExt(vars.ext);
  const last = segments.length - 1;
  if (last < 0)
    throw new NamingError('template_invalid', 'output.template renders to an empty name.');
  const file = segments[last] ?? '_';
  // The extension is split off before fitting, so a shortened name keeps it.
  const stem = file.toLowerCase().endsWith(`.${ext}`) ? file.slice(0, -ext.length - 1) : file;
  return [...segments.slice(0, last).map(fitStem), fitFileName(cleanSegment(stem), ext)].join('/');
}
