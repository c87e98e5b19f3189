// `genloom run --provider P --model M [--prompt TEXT | --prompts FILE] [--images DIR]
//   [--set key=value]... [--out DIR] [--db FILE] [--concurrency N] [--poll-ms N]
//   [--budget AMOUNT] [--dry-run] [--json]`
// Exit 0 all succeeded, 1 some did not, 2 invalid input (nothing submitted), 3 tasks wait
// for the user, 130/143 stopped by Ctrl+C/SIGTERM. Progress goes to stderr; the summary goes
// to stdout (stderr with --json, whose summary is then the last stdout line).
import { findModel, formatCost } from '../../../shared/catalog/index';
import type { ProviderId } from '../../../shared/catalog/types';
import type { SpecIssue } from '../../../shared/schemas/batch';
import { isDbBusy } from '../../engine/engine';
import { defaultOutputDir } from '../../engine/paths';
import { EXIT_INVALID, EXIT_OK, defineCommand } from '../args';
import type { CliIo, Command, FlagSpecs } from '../args';
import { watchStopSignals } from '../stop-signals';
import { nothingSubmittedLines } from '../summary';
import { endBatches } from './batch-end';
import { EMPTY_JSON, cliHome, openEngine } from './batch-report';
import { flagOf, specFromFlags } from './run-spec';

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

/** A spec issue in the user's words: the flag first, --out as typed (and where it points). */
export function issueLine(issue: SpecIssue, promptField: string, out: OutFlag | null): string {
  const flag = issue.field.startsWith('--') ? issue.field : flagOf(issue.field, promptField);
  let message = issue.message.replaceAll('output.dir', '--out');
  if (out !== null && issue.field.startsWith('output')) {
    message = message.replaceAll(`"${out.abs}"`, `"${out.typed}"`);
    if (out.typed !== out.abs && message.includes(`"${out.typed}"`)) {
      message = `${message.replace(/\.$/, '')} (read as ${out.abs}).`;
    }
  }
  return message.startsWith(`${flag} `) ? `error: ${message}` : `error: ${flag}: ${message}`;
}

interface OutFlag {
  typed: string;
  abs: string;
}

function printIssues(
  issues: readonly SpecIssue[],
  promptField: string,
  out: OutFlag | null,
  io: CliIo,
): number {
  for (const i of issues) io.err(issueLine(i, promptField, out));
  return EXIT_INVALID;
}

/** An error of the database itself (locked past busy_timeout, disk full), not a bug of ours. */
function isSqliteError(error: unknown): error is Error {
  return error instanceof Error && /^SQLITE_/.test(String((error as { code?: unknown }).code));
}

/** "(seed 7)" when the task carries a seed, so two samples that differ only by it differ. */
function seedOf(params: Record<string, unknown>): string {
  const seed = params['seed'];
  return typeof seed === 'number' ? ` (seed ${seed})` : '';
}

export const runCommand: Command = defineCommand({
  summary: 'expand and run a batch; waits until every task ends',
  usage:
    'genloom run --provider P --model M [--prompt TEXT | --prompts FILE] [--images DIR] [flags]',
  flags: FLAGS,
  async run(args, io) {
    const json = args.booleans.has('json');
    const dryRun = args.booleans.has('dry-run');
    // A refusal says so in the summary too (a dry run is itself the summary).
    const refused = (code: number, why: string): number => {
      if (!dryRun) nothingSubmittedLines(why).forEach((line) => (json ? io.err : io.out)(line));
      if (json) io.out(JSON.stringify(EMPTY_JSON));
      return code;
    };
    const promptField =
      findModel(args.strings.get('provider') ?? '', args.strings.get('model') ?? '')?.promptField ??
      'prompt';
    const issues: SpecIssue[] = [];
    const spec = specFromFlags(args, issues, defaultOutputDir(cliHome()));
    const typedOut = args.strings.get('out');
    const out: OutFlag | null =
      spec?.output?.dir === undefined
        ? null
        : { typed: typedOut ?? spec.output.dir, abs: spec.output.dir };
    if (spec === null) {
      printIssues(issues, promptField, out, io);
      return refused(EXIT_INVALID, 'the request was refused');
    }
    const opened = openEngine({ db: args.strings.get('db') });
    if (!opened.ok) {
      io.err(`error: ${opened.message}`);
      return refused(EXIT_INVALID, 'the task database could not be opened');
    }
    const engine = opened.engine;
    // APIXO takes local images through a PoYo upload, so PoYo's key counts too.
    const used: ProviderId[] =
      spec.provider === 'apixo' && spec.inputs?.kind === 'folder'
        ? ['apixo', 'poyo']
        : [spec.provider as ProviderId];
    opened.noteKeys(used, io);
    const stop = watchStopSignals(io);
    let ended = false;
    try {
      if (dryRun) {
        const dry = await engine.dryRun(spec);
        if (dry.issues.length > 0) {
          printIssues(dry.issues, promptField, out, io);
          return refused(EXIT_INVALID, 'the request was refused');
        }
        const cost = formatCost({ amount: dry.estimatedCost, currency: dry.currency, basis: '' });
        // The dry run is this command's answer: on stdout, unless --json keeps stdout for JSON.
        const say = json ? io.err : io.out;
        say(
          `dry run: ${dry.tasks} task(s), estimated cost ${cost} (${dry.costBasis} per task); nothing was submitted`,
        );
        for (const [i, task] of dry.sample.entries()) {
          const inputs = task.inputs.length > 0 ? ` [${task.inputs.join(', ')}]` : '';
          say(`  ${i + 1}. ${task.prompt}${seedOf(task.params)}${inputs}`);
        }
        if (dry.tasks > dry.sample.length) say(`  ... and ${dry.tasks - dry.sample.length} more`);
        if (json) {
          io.out(
            JSON.stringify({
              ...EMPTY_JSON,
              tasks: dry.tasks,
              estimatedCost: dry.estimatedCost,
              currency: dry.currency,
            }),
          );
        }
        return EXIT_OK;
      }
      const created = await engine.createBatch(spec).catch((error: unknown) => {
        if (isDbBusy(error) || isSqliteError(error)) return error;
        throw error;
      });
      if (created instanceof Error) {
        io.err(
          isDbBusy(created)
            ? `error: ${created.message}`
            : `error: the task database failed: ${created.message}`,
        );
        return refused(EXIT_INVALID, 'the task database could not take the batch');
      }
      if (!created.ok) {
        printIssues(created.issues, promptField, out, io);
        return refused(EXIT_INVALID, 'the request was refused');
      }
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
      ended = true;
      return await endBatches(engine, [created.batchId], io, { json, stop });
    } finally {
      if (!ended) await engine.close();
      stop.dispose();
    }
  },
});
