// Prompt sources: one text, a .txt list, a CSV joined on the image file name, or a sidecar
// name.txt beside each image. Each yields, per input, a list of raw templates (+ CSV params).
import path from 'node:path';
import type { PromptSource } from '../../../shared/schemas/batch';
import { readLocalFile } from '../media/local-file';
import { parseCsv } from './csv';
import type { CsvTable } from './csv';
import type { ScannedInput } from './inputs';

export interface PromptRow {
  template: string;
  /** Raw parameter cells from a CSV row (column name -> text). */
  params: Record<string, string>;
  /** Where the prompt came from, for messages ("prompts.csv line 4"). */
  origin: string;
}

export interface SourceIssue {
  field: string;
  message: string;
}

const FILE_COLUMNS = ['file', 'filename', 'file_name', 'image', 'input', 'path', 'name'];
const PROMPT_COLUMNS = ['prompt', 'text'];

/** A prompt list or CSV larger than this is surely not one (and would not fit in memory). */
const MAX_PROMPT_FILE_BYTES = 10_000_000;

type TextRead = { ok: true; text: string } | { ok: false; why: string };

/** Read like every local file: a regular file, by size first, bounded (never a FIFO). */
async function readText(file: string): Promise<TextRead> {
  const read = await readLocalFile(file, {
    maxBytes: MAX_PROMPT_FILE_BYTES,
    label: path.resolve(file),
  });
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : { ok: false, why: read.issue };
}

/** The prompt rows for every input (or, with no inputs, for the single "no image" slot). */
export async function promptsFor(
  source: PromptSource,
  inputs: readonly ScannedInput[] | null,
  issues: SourceIssue[],
): Promise<PromptRow[][]> {
  const slots = inputs ?? [null];
  switch (source.kind) {
    case 'none':
      return slots.map(() => [{ template: '', params: {}, origin: 'no prompt' }]);
    case 'text':
      return slots.map(() => [{ template: source.text, params: {}, origin: 'the prompt' }]);
    case 'lines':
      return slots.map(() =>
        source.lines.map((line, i) => ({ template: line, params: {}, origin: `prompt ${i + 1}` })),
      );
    case 'list': {
      const read = await readText(source.file);
      if (!read.ok) {
        issues.push({ field: 'prompts.file', message: read.why });
        return [];
      }
      const text = read.text;
      const rows: PromptRow[] = [];
      text.split(/\r?\n/).forEach((line, i) => {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#')) return;
        rows.push({
          template: trimmed,
          params: {},
          origin: `${path.basename(source.file)} line ${i + 1}`,
        });
      });
      if (rows.length === 0) {
        issues.push({
          field: 'prompts.file',
          message: `${source.file} holds no prompts (one per line)`,
        });
      }
      return slots.map(() => rows);
    }
    case 'csv':
      return csvPrompts(source.file, inputs, issues);
    case 'sidecar':
      return sidecarPrompts(source.fallback, inputs, issues);
  }
}

async function sidecarPrompts(
  fallback: string | undefined,
  inputs: readonly ScannedInput[] | null,
  issues: SourceIssue[],
): Promise<PromptRow[][]> {
  if (inputs === null) {
    issues.push({
      field: 'prompts',
      message: 'sidecar prompts (name.txt beside each image) need input images',
    });
    return [];
  }
  const out: PromptRow[][] = [];
  for (const input of inputs) {
    const ext = path.extname(input.path);
    const sidecar = input.path.slice(0, input.path.length - ext.length) + '.txt';
    const read = await readText(sidecar);
    const text = read.ok ? read.text : undefined;
    if (text !== undefined && text.trim() !== '') {
      out.push([{ template: text.trim(), params: {}, origin: path.basename(sidecar) }]);
    } else if (fallback !== undefined) {
      out.push([{ template: fallback, params: {}, origin: 'the fallback prompt' }]);
    } else {
      issues.push({
        field: 'prompts',
        message: `no prompt for ${input.relPath}: ${path.basename(sidecar)} beside it is missing or empty, and no prompt was given`,
      });
      out.push([]);
    }
  }
  return out;
}

function findColumn(header: readonly string[], names: readonly string[]): number {
  return header.findIndex((h) => names.includes(h.toLowerCase()));
}

function rowParams(
  table: CsvTable,
  cells: readonly string[],
  skip: readonly number[],
): Record<string, string> {
  const params: Record<string, string> = {};
  table.header.forEach((name, i) => {
    const cell = cells[i];
    if (skip.includes(i) || name === '' || cell === undefined || cell.trim() === '') return;
    params[name] = cell;
  });
  return params;
}

async function csvPrompts(
  file: string,
  inputs: readonly ScannedInput[] | null,
  issues: SourceIssue[],
): Promise<PromptRow[][]> {
  const read = await readText(file);
  const where = path.basename(file);
  if (!read.ok) {
    issues.push({ field: 'prompts.file', message: read.why });
    return [];
  }
  const text = read.text;
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    issues.push({ field: 'prompts.file', message: `${where} ${parsed.message}` });
    return [];
  }
  const table = parsed.value;
  const promptCol = findColumn(table.header, PROMPT_COLUMNS);
  const fileCol = findColumn(table.header, FILE_COLUMNS);
  if (promptCol < 0) {
    issues.push({
      field: 'prompts.file',
      message: `${where} needs a "prompt" column (found: ${table.header.join(', ')})`,
    });
    return [];
  }
  const toRow = (r: { line: number; cells: string[] }): PromptRow => ({
    template: r.cells[promptCol] ?? '',
    params: rowParams(table, r.cells, [promptCol, fileCol]),
    origin: `${where} line ${r.line}`,
  });
  if (inputs === null) {
    if (fileCol >= 0) {
      issues.push({
        field: 'prompts.file',
        message: `${where} has a "${table.header[fileCol]}" column to join on, but the batch has no input images`,
      });
      return [];
    }
    return [table.rows.map(toRow)];
  }
  if (fileCol < 0) {
    issues.push({
      field: 'prompts.file',
      message: `${where} needs a "file" column naming each image (found: ${table.header.join(', ')})`,
    });
    return [];
  }
  return joinOnFile(table, fileCol, inputs, toRow, where, issues);
}

/** Joins rows to images: by relative path, else by file name, else by name without extension. */
function joinOnFile(
  table: CsvTable,
  fileCol: number,
  inputs: readonly ScannedInput[],
  toRow: (r: { line: number; cells: string[] }) => PromptRow,
  where: string,
  issues: SourceIssue[],
): PromptRow[][] {
  const out: PromptRow[][] = inputs.map(() => []);
  const stem = (p: string): string => path.posix.basename(p, path.posix.extname(p));
  const keys: ((p: string) => string)[] = [(p) => p, (p) => path.posix.basename(p), stem];
  for (const row of table.rows) {
    const name = (row.cells[fileCol] ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, '');
    if (name === '') {
      issues.push({
        field: 'prompts.file',
        message: `${where} line ${row.line}: the file cell is empty`,
      });
      continue;
    }
    let matches: number[] = [];
    for (const key of keys) {
      matches = inputs.flatMap((input, i) => (key(input.relPath) === key(name) ? [i] : []));
      if (matches.length > 0) break;
    }
    if (matches.length === 0) {
      issues.push({
        field: 'prompts.file',
        message: `${where} line ${row.line}: no input image matches "${name}"`,
      });
    } else if (matches.length > 1) {
      const names = matches
        .slice(0, 3)
        .map((i) => inputs[i]?.relPath)
        .join(', ');
      issues.push({
        field: 'prompts.file',
        message: `${where} line ${row.line}: "${name}" matches ${matches.length} images (${names}); write the path relative to the images folder`,
      });
    } else {
      out[matches[0] as number]?.push(toRow(row));
    }
  }
  inputs.forEach((input, i) => {
    if (out[i]?.length === 0) {
      issues.push({
        field: 'prompts.file',
        message: `${where} has no row for the image ${input.relPath}`,
      });
    }
  });
  return out;
}
