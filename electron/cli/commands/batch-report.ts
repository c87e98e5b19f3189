// What `run` and `resume` share: opening the engine from flags and env, waiting for a batch
// with progress on stderr, the --json summary line, and the exit codes of the contract.
import type { ProviderId } from '../../../shared/catalog/types';
import { createEngine } from '../../engine/engine';
import type { BatchSummary, Engine } from '../../engine/engine';
import { genloomHome } from '../../engine/paths';
import { EXIT_FAILURE, EXIT_OK } from '../args';
import type { CliIo } from '../args';
import { Progress } from '../progress';
import { resolveCliKeys } from '../provider-keys';
import type { CliKeys } from '../provider-keys';

/** Tasks wait for the user (an unknown submit outcome, a paused batch). */
export const EXIT_WAITING = 3;

export interface RunJson {
  batchId: string;
  tasks: number;
  succeeded: number;
  failed: number;
  canceled: number;
  estimatedCost: number | null;
  outputs: { taskId: string; path: string; sha256: string }[];
}

export interface OpenedEngine {
  engine: Engine;
  /** Says once, on stderr, why a provider's saved key cannot be used here (if it cannot). */
  noteKeys(providers: readonly ProviderId[], io: CliIo): void;
}

/** Keys from env, else from the key vault in <home> (see provider-keys.ts). */
export function openEngine(
  flags: { db?: string; pollMs?: number },
  env: Readonly<Record<string, string | undefined>> = process.env,
): ({ ok: true } & OpenedEngine) | { ok: false; message: string } {
  const home = genloomHome({ env });
  let keys: CliKeys;
  try {
    keys = resolveCliKeys(home, env);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  try {
    const engine = createEngine({
      home,
      dbFile: flags.db,
      providers: (id) => keys.config(id),
      pollMs: flags.pollMs,
    });
    const said = new Set<ProviderId>();
    return {
      ok: true,
      engine,
      noteKeys(providers, io) {
        for (const id of providers) {
          const note = keys.note(id);
          if (note === null || said.has(id)) continue;
          said.add(id);
          io.err(`note: ${note}`);
        }
      },
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, message: flags.db ? `--db ${flags.db}: ${message}` : message };
  }
}

export function exitCodeFor(s: BatchSummary): number {
  const c = s.counts;
  const stuck = c.submitting + c.submitted + c.running + c.downloading;
  if (c.unknown > 0 || stuck > 0 || (s.batch.status === 'paused' && c.queued > 0)) {
    return EXIT_WAITING;
  }
  return c.succeeded === s.tasks ? EXIT_OK : EXIT_FAILURE;
}

export function runJson(engine: Engine, s: BatchSummary): RunJson {
  const outputs: RunJson['outputs'] = [];
  for (let offset = 0; ; offset += 1000) {
    const tasks = engine.listTasks(s.batch.id, { limit: 1000, offset });
    for (const task of tasks) {
      for (const o of engine.store.outputs.listByTask(task.id)) {
        if (o.state === 'done' && o.path !== null && o.sha256 !== null) {
          outputs.push({ taskId: task.id, path: o.path, sha256: o.sha256 });
        }
      }
    }
    if (tasks.length < 1000) break;
  }
  return {
    batchId: s.batch.id,
    tasks: s.tasks,
    succeeded: s.counts.succeeded,
    failed: s.counts.failed,
    canceled: s.counts.canceled,
    estimatedCost: s.batch.estimatedCost,
    outputs,
  };
}

/** Waits for the batches to settle, drawing progress; Ctrl-C stops cleanly (state is kept). */
export async function watchBatches(
  engine: Engine,
  batchIds: readonly string[],
  io: CliIo,
): Promise<{ summaries: BatchSummary[]; interrupted: boolean }> {
  const totals = new Map(batchIds.map((id) => [id, engine.getBatch(id)?.tasks ?? 0]));
  const progress = new Map(
    batchIds.map((id) => [
      id,
      new Progress(
        { write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY === true },
        totals.get(id) ?? 0,
      ),
    ]),
  );
  const off = engine.on('batch.updated', (u) =>
    progress.get(u.batchId)?.update(u, engine.eta(u.batchId)),
  );
  const reasons = engine.on('batch.updated', (u) => {
    if (u.reason) io.err(`batch ${u.batchId}: ${u.reason}`);
  });
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    io.err(
      'stopping: nothing is lost; tasks already submitted are tracked. Run `genloom resume` to continue.',
    );
    void engine.close();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const summaries: BatchSummary[] = [];
    for (const id of batchIds) {
      const s = await engine.waitForBatch(id);
      if (interrupted) break;
      if (s) {
        progress.get(id)?.finish({ batchId: id, status: s.batch.status, counts: s.counts });
        summaries.push(s);
      }
    }
    return { summaries, interrupted };
  } finally {
    off();
    reasons();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Tells the user what is waiting for them. */
export function explainWaiting(engine: Engine, s: BatchSummary, io: CliIo): void {
  if (s.counts.unknown > 0) {
    io.err(
      `${s.counts.unknown} task(s) of batch ${s.batch.id} have an unknown submit outcome: the provider may or may not have created them. They were not sent again. Check the ${s.batch.provider} dashboard, then run \`genloom resume --resubmit-unknown\` to submit them again.`,
    );
    for (const t of engine.listTasks(s.batch.id, { states: ['unknown'], limit: 20 })) {
      io.err(`  unknown: task ${t.id} (#${t.seq}) ${t.errorMessage ?? ''}`);
    }
  }
  if (s.batch.status === 'paused' && s.counts.queued > 0) {
    io.err(
      `batch ${s.batch.id} is paused with ${s.counts.queued} task(s) queued; fix the cause above, then run \`genloom resume\`.`,
    );
  }
  for (const t of engine.listTasks(s.batch.id, { states: ['failed'], limit: 10 })) {
    io.err(`  failed: task #${t.seq} ${t.errorCode ?? ''}: ${t.errorMessage ?? ''}`);
  }
}
