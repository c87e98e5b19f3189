// From a spec to rows: parse, expand, check what can be checked before any money moves
// (keys, hosting, budget, naming, the input images themselves), then write the batch and all
// its tasks in ONE transaction. Nothing here touches the network.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { formatCost } from '../../../shared/catalog/index';
import type { Currency, ModelEntry, ProviderId } from '../../../shared/catalog/types';
import { parseBatchSpec } from '../../../shared/schemas/batch';
import type { BatchSpec, SpecIssue } from '../../../shared/schemas/batch';
import {
  defaultBatchName,
  shapeOfTasks,
  templateFor as namingTemplateFor,
} from '../../../shared/naming/default-template';
import { checkTemplate, DEFAULT_TEMPLATE } from '../downloads/naming';
import { checkOutputDir } from '../downloads/output-dir';
import { checkPlannedOutputs } from '../downloads/plan-outputs';
import { checkTaskMedia } from '../media/check-media';
import { APIXO_NEEDS_HOST, limitsFor } from '../media/resolve-inputs';
import type { Store } from '../store/index';
import type { NewTask } from '../store/types';
import { expandBatch } from './expand';
import type { Expansion } from './expand';
import { newIdempotencyKey } from './keys';

export interface DryRun {
  tasks: number;
  estimatedCost: number | null;
  currency: Currency;
  /** How one task is priced, in words ("4.2 credits x 1 image"). */
  costBasis: string;
  /** The first few tasks, to show what will be sent. */
  sample: { prompt: string; params: Record<string, unknown>; inputs: string[] }[];
  issues: SpecIssue[];
}

export type Planned =
  { ok: true; spec: BatchSpec; expansion: Expansion } | { ok: false; issues: SpecIssue[] };

export interface PlanContext {
  configured: (provider: ProviderId) => boolean;
  /** The output folder used when the spec names none (checked like one it names). */
  outputDir?: string;
  /** Whose path limits apply (tests); this process's platform by default. */
  platform?: NodeJS.Platform;
}

/**
 * Every local media file of every task: folder inputs and images named through parameters (a
 * CSV column, a flag, any image field), each read bounded and decoded once (media/check-media).
 */
async function checkInputs(
  entry: ModelEntry,
  expansion: Expansion,
  ctx: PlanContext,
): Promise<SpecIssue[]> {
  const canHost = entry.provider !== 'apixo' || ctx.configured('poyo');
  return checkTaskMedia(entry, expansion.tasks, {
    limits: limitsFor(entry),
    ...(canHost ? {} : { hostIssue: APIXO_NEEDS_HOST }),
  });
}

/** Parses and expands a spec and runs every check that needs no network. */
export async function planBatch(input: unknown, ctx: PlanContext): Promise<Planned> {
  const parsed = parseBatchSpec(input);
  if (!parsed.ok) return parsed;
  const spec = parsed.value;
  const expanded = await expandBatch(spec);
  if (!expanded.ok) return expanded;
  const expansion = expanded.value;
  const { entry } = expansion;
  const issues: SpecIssue[] = [];
  if (!ctx.configured(spec.provider)) {
    issues.push({
      field: 'provider',
      message: `${spec.provider} has no API key: set GENLOOM_${spec.provider.toUpperCase()}_API_KEY`,
    });
  }
  const hasLocal = expansion.tasks.some((t) => t.inputs.length > 0);
  if (spec.provider === 'apixo' && hasLocal && !ctx.configured('poyo')) {
    issues.push({ field: 'inputs', message: APIXO_NEEDS_HOST });
  }
  if (spec.budget != null && expansion.estimatedCost === null) {
    issues.push({
      field: 'budget',
      message: `${spec.provider}/${spec.model} has no published price, so a budget cannot be enforced; leave the budget out`,
    });
  }
  for (const message of checkTemplate(spec.output.template ?? DEFAULT_TEMPLATE)) {
    issues.push({ field: 'output.template', message });
  }
  issues.push(...(await checkOutputs(spec, expansion, ctx)));
  issues.push(...(await checkInputs(entry, expansion, ctx)));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, spec, expansion };
}

export function dryRunOf(planned: Planned): DryRun {
  if (!planned.ok) {
    return {
      tasks: 0,
      estimatedCost: null,
      currency: 'USD',
      costBasis: '',
      sample: [],
      issues: planned.issues,
    };
  }
  const { expansion } = planned;
  return {
    tasks: expansion.tasks.length,
    estimatedCost: expansion.estimatedCost,
    currency: expansion.currency,
    costBasis: expansion.costBasis,
    sample: expansion.tasks.slice(0, 5).map((t) => ({
      prompt: t.prompt,
      params: t.params,
      inputs: t.inputs.map((i) => i.relPath),
    })),
    issues: [],
  };
}

/**
 * The naming template: the user's, else the default for the batch's shape (shared with the
 * batch builder's live example, so it shows the names the files get): when one input yields
 * several tasks the default gains {seq}; batches without inputs are numbered by task.
 */
function templateFor(spec: BatchSpec, expansion: Expansion): string {
  const keys = expansion.tasks.map((t) => t.inputs.map((i) => i.path).join('\n'));
  return namingTemplateFor(spec.output.template, shapeOfTasks(keys));
}

/**
 * Before any money moves: the output folder (absolute, creatable, writable) and every output
 * path, rendered by the function the delivery names files with and checked for length.
 */
async function checkOutputs(
  spec: BatchSpec,
  expansion: Expansion,
  ctx: PlanContext,
): Promise<SpecIssue[]> {
  const dir = spec.output.dir ?? ctx.outputDir;
  if (dir === undefined) return [];
  const issues = await checkOutputDir(dir);
  const template = templateFor(spec, expansion);
  if (issues.length > 0 || checkTemplate(template).length > 0) return issues;
  const now = Date.now();
  return checkPlannedOutputs({
    root: path.resolve(dir),
    template,
    batch: batchNameOf(spec, now),
    provider: spec.provider,
    model: spec.model,
    date: now,
    tasks: expansion.tasks.map((t) => ({
      seq: t.seq,
      seed: t.seed,
      input: t.inputs[0]?.relPath ?? null,
      outputs: t.outputsExpected,
    })),
    platform: ctx.platform,
  });
}

function batchNameOf(spec: BatchSpec, now: number): string {
  return spec.name?.trim() || defaultBatchName(spec.model, now);
}

/** Writes the batch and every task (with its idempotency key) in one transaction. */
export function persistBatch(
  store: Store,
  planned: Extract<Planned, { ok: true }>,
  opts: { outputDir: string; now: number },
): { batchId: string; tasks: number } {
  const { spec, expansion } = planned;
  const batchId = randomUUID();
  const tasks: NewTask[] = expansion.tasks.map((t) => ({
    id: randomUUID(),
    batchId,
    seq: t.seq,
    provider: spec.provider,
    model: spec.model,
    params: t.params,
    prompt: t.prompt,
    seed: t.seed,
    idempotencyKey: newIdempotencyKey(),
    estimatedCost: t.estimatedCost,
    outputsExpected: t.outputsExpected,
    inputs: t.inputs,
    createdAt: opts.now,
  }));
  store.transaction(() => {
    store.batches.create({
      id: batchId,
      name: batchNameOf(spec, opts.now),
      provider: spec.provider,
      model: spec.model,
      spec,
      outDir: path.resolve(spec.output.dir ?? opts.outputDir),
      template: templateFor(spec, expansion),
      collision: spec.output.collision,
      budget: spec.budget ?? null,
      currency: expansion.currency,
      estimatedCost: expansion.estimatedCost,
      createdAt: opts.now,
    });
    store.tasks.insertMany(tasks);
    store.events.append({
      kind: 'batch.created',
      batchId,
      data: {
        tasks: tasks.length,
        estimatedCost: expansion.estimatedCost,
        estimate: formatCost({
          amount: expansion.estimatedCost,
          currency: expansion.currency,
          basis: expansion.costBasis,
        }),
      },
    });
  });
  return { batchId, tasks: tasks.length };
}
