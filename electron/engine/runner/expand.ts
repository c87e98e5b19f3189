// Batch expansion: inputs x prompts (x {a|b} alternatives) x seeds x parameter variations,
// each combination validated against the catalog and priced. Nothing is submitted here; a dry
// run is this plus printing the count and the estimate.
import path from 'node:path';
import { estimateCost, findModel, validateInput } from '../../../shared/catalog/index';
import type { Currency, ModelEntry } from '../../../shared/catalog/types';
import { MAX_BATCH_TASKS } from '../../../shared/schemas/batch';
import type { BatchSpec, SpecIssue } from '../../../shared/schemas/batch';
import { absoluteMediaPaths } from '../paths';
import { hashInputs, scanFiles, scanFolder } from './inputs';
import type { InputFile, ScannedInput } from './inputs';
import { coerceParam } from './params';
import { contextFor, parseTemplate, renderTemplate } from './prompt-template';
import { promptsFor } from './prompts';
import type { PromptRow, SourceIssue } from './prompts';

export interface TaskDraft {
  seq: number;
  prompt: string;
  /** Validated catalog input; image fields hold local paths. */
  params: Record<string, unknown>;
  seed: number | null;
  inputs: InputFile[];
  estimatedCost: number | null;
  outputsExpected: number;
}

export interface Expansion {
  entry: ModelEntry;
  tasks: TaskDraft[];
  /** Sum of the task estimates; null when any task has no documented price. */
  estimatedCost: number | null;
  currency: Currency;
  /** How one task's price is reached ("4.2 credits x 1 image"). */
  costBasis: string;
}

export interface ExpandOptions {
  /**
   * Relative media paths in parameters are read from here: the folder the spec came from
   * (a spec file's folder, the user's shell folder); the planning process's cwd by default.
   */
  baseDir?: string;
}

export type ExpandResult = { ok: true; value: Expansion } | { ok: false; issues: SpecIssue[] };

/** Only this many distinct issues are reported; the rest are counted. */
const MAX_ISSUES = 30;

interface Slot {
  inputs: ScannedInput[];
  label: string | null;
  rows: PromptRow[];
}

/**
 * How many combinations the variations make (grid x seeds x repeat), counted before any is
 * built: 8 fields of 10 values would be 10^8 objects. Past the task cap it stops and names the
 * field that crossed it.
 */
function countVariations(
  spec: BatchSpec,
): { ok: true; count: number } | { ok: false; issue: SpecIssue } {
  const cap = MAX_BATCH_TASKS;
  const too = (field: string, detail: string): { ok: false; issue: SpecIssue } => ({
    ok: false,
    issue: {
      field,
      message: `makes more than ${cap} combinations (${detail}); at most ${cap} tasks are allowed in one batch`,
    },
  });
  let count = 1;
  const names: string[] = [];
  const sizes: number[] = [];
  for (const [key, values] of Object.entries(spec.variations.params ?? {})) {
    count *= values.length;
    names.push(key);
    sizes.push(values.length);
    if (count > cap) {
      return too('variations.params', `${names.join(' x ')}: ${sizes.join(' x ')} so far`);
    }
  }
  const seeds = spec.variations.seeds?.length ?? 1;
  count *= seeds;
  if (count > cap)
    return too('variations.seeds', `${count / seeds} parameter combinations x ${seeds} seeds`);
  const repeat = spec.variations.repeat;
  count *= repeat;
  if (count > cap)
    return too('variations.repeat', `${count / repeat} combinations x repeat ${repeat}`);
  return { ok: true, count };
}

/** Parameter combinations from the variations: grid x seeds x repeat (counted first). */
function variationsOf(spec: BatchSpec): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(spec.variations.params ?? {})) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  const seeds = spec.variations.seeds;
  if (seeds !== undefined) combos = combos.flatMap((c) => seeds.map((seed) => ({ ...c, seed })));
  const repeat = spec.variations.repeat;
  return repeat === 1 ? combos : combos.flatMap((c) => Array.from({ length: repeat }, () => c));
}

async function loadInputs(
  spec: BatchSpec,
  entry: ModelEntry,
  issues: SourceIssue[],
): Promise<{ slots: ScannedInput[][]; rootName: string } | null> {
  const src = spec.inputs;
  if (src.kind === 'none') {
    if (entry.images?.required) {
      issues.push({
        field: 'inputs',
        message: `${entry.provider}/${entry.model} needs input images (at least ${entry.images.min}); give a folder or files`,
      });
      return null;
    }
    return { slots: [], rootName: '' };
  }
  if (entry.images === null) {
    issues.push({
      field: 'inputs',
      message: `${entry.provider}/${entry.model} takes no input images; leave the images out`,
    });
    return null;
  }
  const scanned =
    src.kind === 'folder' ? await scanFolder(src.dir, src.recursive) : await scanFiles(src.files);
  const field = src.kind === 'folder' ? 'inputs.dir' : 'inputs.files';
  if (!scanned.ok) {
    issues.push({ field, message: scanned.message });
    return null;
  }
  if (scanned.value.length === 0) {
    issues.push({
      field,
      message: `no images (${'png, jpg, jpeg, webp, bmp, gif'}) found in ${path.resolve(src.kind === 'folder' ? src.dir : '.')}`,
    });
    return null;
  }
  const rootName = src.kind === 'folder' ? path.basename(path.resolve(src.dir)) : '';
  const together = src.kind === 'files' && src.together;
  const slots = together ? [scanned.value] : scanned.value.map((s) => [s]);
  const perTask = slots[0]?.length ?? 0;
  if (perTask < entry.images.min || perTask > entry.images.max) {
    issues.push({
      field,
      message: `${entry.provider}/${entry.model} takes ${entry.images.min}-${entry.images.max} images per task; this batch gives ${perTask}${together ? '' : ' (each image is one task; list files with "together" for a multi-image task)'}`,
    });
    return null;
  }
  return { slots, rootName };
}

export async function expandBatch(
  spec: BatchSpec,
  opts: ExpandOptions = {},
): Promise<ExpandResult> {
  const base = path.resolve(opts.baseDir ?? process.cwd());
  const counted = countVariations(spec);
  if (!counted.ok) return { ok: false, issues: [counted.issue] };
  const entry = findModel(spec.provider, spec.model);
  if (entry === undefined) {
    const check = validateInput(spec.provider, spec.model, {});
    const issues = check.ok
      ? []
      : check.issues.filter((i) => i.field === 'provider' || i.field === 'model');
    return { ok: false, issues };
  }
  const issues: SourceIssue[] = [];
  const loaded = await loadInputs(spec, entry, issues);
  if (loaded === null) return { ok: false, issues };
  const hasInputs = spec.inputs.kind !== 'none';
  const rows = await promptsFor(
    spec.prompts,
    hasInputs ? loaded.slots.map((s) => s[0] as ScannedInput) : null,
    issues,
  );
  if (issues.length > 0) return { ok: false, issues };
  const slots: Slot[] = hasInputs
    ? loaded.slots.map((inputs, i) => ({
        inputs,
        label: inputs.map((s) => s.relPath).join(' + '),
        rows: rows[i] ?? [],
      }))
    : [{ inputs: [], label: null, rows: rows[0] ?? [] }];
  const variations = variationsOf(spec);
  if (spec.variations.seeds !== undefined && !entry.fields.some((f) => f.key === 'seed')) {
    return {
      ok: false,
      issues: [{ field: 'variations.seeds', message: `${entry.model} has no seed field` }],
    };
  }

  // Render every template first, to count before building anything big.
  const rendered: { slot: Slot; row: PromptRow; prompts: string[] }[] = [];
  let count = 0;
  for (const slot of slots) {
    const first = slot.inputs[0];
    const ctx = first === undefined ? {} : contextFor(first.relPath, loaded.rootName);
    for (const row of slot.rows) {
      const parsed = parseTemplate(row.template);
      // Counted before rendering: thousands of rows of {a|b} alternatives add up fast.
      if (parsed.ok && count + parsed.value.count * counted.count > MAX_BATCH_TASKS) {
        return {
          ok: false,
          issues: [
            {
              field: 'prompts',
              message: `the batch expands into more than ${MAX_BATCH_TASKS} tasks (prompts x variations); at most ${MAX_BATCH_TASKS} are allowed in one batch`,
            },
          ],
        };
      }
      const prompts = parsed.ok ? renderTemplate(parsed.value, ctx) : parsed;
      if (!prompts.ok) {
        issues.push({ field: 'prompts', message: `${row.origin} ${prompts.message}` });
        continue;
      }
      rendered.push({ slot, row, prompts: prompts.value });
      count += prompts.value.length * variations.length;
    }
    if (issues.length >= MAX_ISSUES) break;
  }
  if (issues.length > 0) return { ok: false, issues: issues.slice(0, MAX_ISSUES) };
  if (count > MAX_BATCH_TASKS) {
    return {
      ok: false,
      issues: [
        {
          field: 'prompts',
          message: `the batch expands into ${count} tasks; at most ${MAX_BATCH_TASKS} are allowed in one batch`,
        },
      ],
    };
  }
  if (count === 0)
    return {
      ok: false,
      issues: [{ field: 'prompts', message: 'the batch expands into no tasks' }],
    };

  // Hash each distinct input once.
  const distinct = new Map<string, ScannedInput>();
  for (const slot of slots) for (const s of slot.inputs) distinct.set(s.path, s);
  const hashed = await hashInputs([...distinct.values()]);
  if (!hashed.ok) return { ok: false, issues: [{ field: 'inputs', message: hashed.message }] };
  const byPath = new Map(hashed.value.map((h) => [h.path, h]));

  const tasks: TaskDraft[] = [];
  const seen = new Map<string, { issue: SpecIssue; count: number }>();
  let total: number | null = 0;
  let currency: Currency = entry.price({}).currency;
  let costBasis = '';
  for (const { slot, row, prompts } of rendered) {
    const rowParams: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(row.params))
      rowParams[key] = coerceParam(entry, key, raw);
    const inputs = slot.inputs.map((s) => byPath.get(s.path) as InputFile);
    for (const prompt of prompts) {
      for (const variation of variations) {
        const input: Record<string, unknown> = { ...spec.params, ...rowParams, ...variation };
        if (prompt !== '' || spec.prompts.kind !== 'none') input[entry.promptField] = prompt;
        if (entry.images !== null && inputs.length > 0)
          input[entry.images.field] = inputs.map((i) => i.path);
        const checked = validateInput(entry.provider, entry.model, input);
        if (!checked.ok) {
          for (const issue of checked.issues) {
            const key = `${issue.field}\u0000${issue.message}`;
            const prev = seen.get(key);
            if (prev) prev.count++;
            else {
              const where = [row.origin === 'the prompt' ? null : row.origin, slot.label]
                .filter(Boolean)
                .join(', ');
              seen.set(key, {
                issue: {
                  field: `params.${issue.field}`.replace(/\.$/, ''),
                  message: where ? `${issue.message} (${where})` : issue.message,
                },
                count: 1,
              });
            }
          }
          continue;
        }
        const params = absoluteMediaPaths(entry, checked.value, base);
        const cost = estimateCost(entry, params);
        currency = cost.currency;
        costBasis ||= cost.basis;
        total = total === null || cost.amount === null ? null : total + cost.amount;
        const seed = params.seed;
        const finalPrompt = params[entry.promptField];
        tasks.push({
          seq: tasks.length + 1,
          prompt: typeof finalPrompt === 'string' ? finalPrompt : prompt,
          params,
          seed: typeof seed === 'number' ? seed : null,
          inputs,
          estimatedCost: cost.amount,
          outputsExpected: entry.outputsPerRequest(params),
        });
      }
    }
  }
  if (seen.size > 0) {
    const list = [...seen.values()]
      .slice(0, MAX_ISSUES)
      .map(({ issue, count: n }) =>
        n > 1 ? { ...issue, message: `${issue.message} [in ${n} tasks]` } : issue,
      );
    return { ok: false, issues: list };
  }
  return {
    ok: true,
    value: {
      entry,
      tasks,
      estimatedCost: total === null ? null : Math.round(total * 10000) / 10000,
      currency,
      costBasis,
    },
  };
}
