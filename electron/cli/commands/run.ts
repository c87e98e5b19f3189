// `genloom run --provider P --model M [--prompt TEXT | --prompts FILE] [--images DIR]
//   [--set key=value]... [--out DIR] [--db FILE] [--concurrency N] [--poll-ms N]
//   [--budget AMOUNT] [--dry-run] [--json]`
// Exit 0 all succeeded, 1 some did not, 2 invalid input (nothing submitted), 3 tasks wait
// for the user. Progress goes to stderr; with --json the last stdout line is the summary.
import path from 'node:path';
import { findModel, formatCost } from '../../../shared/catalog/index';
import type { ProviderId } from '../../../shared/catalog/types';
import type { BatchSpecInput, SpecIssue } from '../../../shared/schemas/batch';
import { isDbBusy } from '../../engine/engine';
import { EXIT_INVALID, EXIT_OK, defineCommand } from '../args';
import type { CliIo, Command, FlagSpecs } from '../args';
import { parseSetValue, readSetPairs } from '../set-values';
import { explainWaiting, exitCodeFor, openEngine, runJson, watchBatches } from './batch-report';

const FLAGS: FlagSpecs = {
  provider: { type: 'string', valueName: 'P', description: 'provider id: poyo, apixo, modelverse' },
  model: { type: 'string', valueName: 'M', description: "the provider's model id" },
  prompt: {
    type: 'string',
    valueName: 'TEXT',
    description: 'one prompt; {a|b} gives one task per alternative, {file}/{folder} name the image',
  },
  prompts: {
    type: 'string',
    valueName: 'FILE',
    description: 'a .txt file (one prompt per line) or a .csv joined on a "file" column',
  },
  images: {
    type: 'string',
    valueName: 'DIR',
    description:
      'a folder of images, one task each (recursive, sorted); without --prompt(s) each image takes its name.txt',
  },
  set: {
    type: 'string',
    multiple: true,
    valueName: 'key=value',
    description: 'a model field; key={a|b} makes one task per value',
  },
  out: { type: 'string', valueName: 'DIR', description: 'output folder (default: <home>/outputs)' },
  db: {
    type: 'string',
    valueName: 'FILE',
    description: 'task database (default: <home>/genloom.db)',
  },
  concurrency: { type: 'string', valueName: 'N', description: 'tasks in flight for this provider' },
  'poll-ms': {
    type: 'string',
    valueName: 'N',
    description: 'poll every N ms instead of adaptively',
  },
  budget: {
    type: 'string',
    valueName: 'AMOUNT',
    description: "stop submitting before the estimated spend passes this (the model's currency)",
  },
  'dry-run': { type: 'boolean', description: 'print the task count and estimated cost only' },
  json: { type: 'boolean', description: 'print a JSON summary as the last stdout line' },
};

const ALTERNATIVES = /^\{([^{}]*\|[^{}]*)\}$/;

/** The flag a spec field came from, so every message names what the user typed. */
export function flagOf(field: string, promptField: string): string {
  if (field.startsWith('params.')) {
    const key = field.slice('params.'.length).split('.')[0] ?? '';
    return key === promptField ? '--prompt' : `--set ${key}`;
  }
  const top = field.split('.')[0];
  const map: Record<string, string> = {
    provider: '--provider',
    model: '--model',
    prompts: '--prompt/--prompts',
    inputs: '--images',
    budget: '--budget',
    concurrency: '--concurrency',
    pollMs: '--poll-ms',
    output: '--out',
  };
  return map[top ?? ''] ?? field;
}

function number(
  raw: string | undefined,
  flag: string,
  rule: { min: number; max?: number; int: boolean },
  issues: SpecIssue[],
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const ok =
    raw.trim() !== '' &&
    Number.isFinite(n) &&
    n >= rule.min &&
    (rule.max === undefined || n <= rule.max) &&
    (!rule.int || Number.isInteger(n));
  if (!ok) {
    const range = rule.max === undefined ? `above ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    issues.push({
      field: flag,
      message: `must be ${rule.int ? 'a whole number' : 'a number'} ${range} (got "${raw}")`,
    });
    return undefined;
  }
  return n;
}

/** Builds the BatchSpec from the flags; problems name the flag. */
export function specFromFlags(
  args: { strings: ReadonlyMap<string, string>; lists: ReadonlyMap<string, readonly string[]> },
  issues: SpecIssue[],
): BatchSpecInput | null {
  const s = args.strings;
  const provider = s.get('provider');
  const model = s.get('model');
  if (provider === undefined)
    issues.push({ field: '--provider', message: 'is required (poyo, apixo or modelverse)' });
  if (model === undefined)
    issues.push({ field: '--model', message: 'is required; `genloom models` lists them' });
  const prompt = s.get('prompt');
  const promptsFile = s.get('prompts');
  if (prompt !== undefined && promptsFile !== undefined) {
    issues.push({ field: '--prompt', message: 'give --prompt or --prompts, not both' });
  }
  const params: Record<string, unknown> = {};
  const grid: Record<string, unknown[]> = {};
  const sets = readSetPairs(args.lists.get('set') ?? []);
  issues.push(...sets.issues);
  for (const [key, raw] of sets.values) {
    const alt = ALTERNATIVES.exec(raw);
    if (alt) grid[key] = (alt[1] ?? '').split('|').map(parseSetValue);
    else params[key] = parseSetValue(raw);
  }
  const images = s.get('images');
  const concurrency = number(
    s.get('concurrency'),
    '--concurrency',
    { min: 1, max: 64, int: true },
    issues,
  );
  const pollMs = number(
    s.get('poll-ms'),
    '--poll-ms',
    { min: 10, max: 600_000, int: true },
    issues,
  );
  const budget = number(s.get('budget'), '--budget', { min: 0, int: false }, issues);
  if (budget === 0)
    issues.push({ field: '--budget', message: 'must be a number above 0 (got "0")' });
  if (issues.length > 0 || provider === undefined || model === undefined) return null;
  let prompts: BatchSpecInput['prompts'];
  if (prompt !== undefined) prompts = { kind: 'text', text: prompt };
  else if (promptsFile !== undefined) {
    const file = path.resolve(promptsFile);
    prompts = /\.csv$/i.test(file) ? { kind: 'csv', file } : { kind: 'list', file };
  } else prompts = images !== undefined ? { kind: 'sidecar' } : { kind: 'none' };
  return {
    provider: provider as BatchSpecInput['provider'],
    model,
    params,
    prompts,
    inputs: images === undefined ? { kind: 'none' } : { kind: 'folder', dir: path.resolve(images) },
    variations: Object.keys(grid).length > 0 ? { params: grid } : {},
    output: s.get('out') === undefined ? {} : { dir: path.resolve(s.get('out') as string) },
    ...(budget !== undefined ? { budget } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(pollMs !== undefined ? { pollMs } : {}),
  };
}

function printIssues(issues: readonly SpecIssue[], promptField: string, io: CliIo): number {
  for (const i of issues) {
    const flag = i.field.startsWith('--') ? i.field : flagOf(i.field, promptField);
    io.err(`error: ${flag}: ${i.message}`);
  }
  return EXIT_INVALID;
}

export const runCommand: Command = defineCommand({
  summary: 'expand and run a batch; waits until every task ends',
  usage:
    'genloom run --provider P --model M [--prompt TEXT | --prompts FILE] [--images DIR] [flags]',
  flags: FLAGS,
  async run(args, io) {
    const issues: SpecIssue[] = [];
    const spec = specFromFlags(args, issues);
    const promptField =
      findModel(args.strings.get('provider') ?? '', args.strings.get('model') ?? '')?.promptField ??
      'prompt';
    if (spec === null) return printIssues(issues, promptField, io);
    const opened = openEngine({ db: args.strings.get('db') });
    if (!opened.ok) {
      io.err(`error: ${opened.message}`);
      return EXIT_INVALID;
    }
    const engine = opened.engine;
    // APIXO takes local images through a PoYo upload, so PoYo's key counts too.
    const used: ProviderId[] =
      spec.provider === 'apixo' && spec.inputs?.kind === 'folder'
        ? ['apixo', 'poyo']
        : [spec.provider as ProviderId];
    opened.noteKeys(used, io);
    try {
      if (args.booleans.has('dry-run')) {
        const dry = await engine.dryRun(spec);
        if (dry.issues.length > 0) return printIssues(dry.issues, promptField, io);
        const cost = formatCost({ amount: dry.estimatedCost, currency: dry.currency, basis: '' });
        // The dry run is this command's answer: on stdout, unless --json keeps stdout for JSON.
        const say = args.booleans.has('json') ? io.err : io.out;
        say(
          `dry run: ${dry.tasks} task(s), estimated cost ${cost} (${dry.costBasis} per task); nothing was submitted`,
        );
        for (const [i, task] of dry.sample.entries()) {
          const inputs = task.inputs.length > 0 ? ` [${task.inputs.join(', ')}]` : '';
          say(`  ${i + 1}. ${task.prompt}${inputs}`);
        }
        if (dry.tasks > dry.sample.length) say(`  ... and ${dry.tasks - dry.sample.length} more`);
        if (args.booleans.has('json')) {
          io.out(
            JSON.stringify({
              batchId: '',
              tasks: dry.tasks,
              succeeded: 0,
              failed: 0,
              canceled: 0,
              estimatedCost: dry.estimatedCost,
              outputs: [],
            }),
          );
        }
        return EXIT_OK;
      }
      const created = await engine.createBatch(spec).catch((error: unknown) => {
        if (isDbBusy(error)) return error;
        throw error;
      });
      if (created instanceof Error) {
        io.err(`error: ${created.message}`);
        return EXIT_INVALID;
      }
      if (!created.ok) return printIssues(created.issues, promptField, io);
      const start = engine.getBatch(created.batchId);
      if (start) {
        const cost = formatCost({
          amount: start.batch.estimatedCost,
          currency: start.batch.currency,
          basis: '',
        });
        io.err(
          `batch ${created.batchId}: ${created.tasks} task(s), estimated cost ${cost}, outputs in ${start.batch.outDir}`,
        );
      }
      const { summaries, interrupted } = await watchBatches(engine, [created.batchId], io);
      const summary = summaries[0];
      if (interrupted || summary === undefined) return 130;
      explainWaiting(engine, summary, io);
      if (args.booleans.has('json')) io.out(JSON.stringify(runJson(engine, summary)));
      return exitCodeFor(summary);
    } finally {
      await engine.close();
    }
  },
});
