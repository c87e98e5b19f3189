// What `run` and `resume` share: opening the engine from flags and env, waiting for batches
// with progress on stderr, the --json summary line, and the exit codes of the contract.
import type { ProviderId } from '../../../shared/catalog/types';
import { createEngine } from '../../engine/engine';
import type { Engine, EngineOptions } from '../../engine/engine';
import { genloomHome } from '../../engine/paths';
import type { Store } from '../../engine/store/index';
import { EXIT_FAILURE, EXIT_OK } from '../args';
import type { CliIo } from '../args';
import { Progress } from '../progress';
import { resolveCliKeys } from '../provider-keys';
import type { CliKeys } from '../provider-keys';
import type { StopSignals } from '../stop-signals';
import { waitingForYou } from '../summary';
import type { EndSummary } from '../summary';
import { userCwd, userPath } from '../user-paths';

/** Tasks wait for the user (an unknown submit outcome, a paused batch). */
export const EXIT_WAITING = 3;

export interface RunJson {
  batchId: string;
  tasks: number;
  succeeded: number;
  failed: number;
  canceled: number;
  /** Unknown submit outcomes and tasks queued in a paused batch. */
  waiting: number;
  estimatedCost: number | null;
  /** The spend the engine recorded for the batch's tasks (in `currency`). */
  spent: number;
  currency: string;
  outputs: { taskId: string; path: string; sha256: string }[];
}

/** The --json line when no batch ran (a refusal, nothing to resume). */
export const EMPTY_JSON: RunJson = {
  batchId: '',
  tasks: 0,
  succeeded: 0,
  failed: 0,
  canceled: 0,
  waiting: 0,
  estimatedCost: null,
  spent: 0,
  currency: '',
  outputs: [],
};

export interface OpenedEngine {
  engine: Engine;
  /** Says once, on stderr, why a provider's saved key cannot be used here (if it cannot). */
  noteKeys(providers: readonly ProviderId[], io: CliIo): void;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Genloom's home; a relative GENLOOM_HOME means the folder the command was typed in. */
export function cliHome(env: Env = process.env): string {
  const typed = env['GENLOOM_HOME']?.trim();
  return genloomHome({
    env: typed ? { ...env, GENLOOM_HOME: userPath(typed, userCwd(env)) } : env,
  });
}

/**
 * How long the runner waits before it asks the user, from the environment (milliseconds):
 * GENLOOM_TASK_TIMEOUT_MS (still running), GENLOOM_NOT_FOUND_DEADLINE_MS (the provider answers
 * "not found"), GENLOOM_POLL_FAILURE_DEADLINE_MS (status checks keep failing). Unset: defaults.
 */
export function waitLimits(
  env: Env,
): { ok: true; value: Partial<EngineOptions> } | { ok: false; message: string } {
  const names = {
    GENLOOM_TASK_TIMEOUT_MS: 'taskTimeoutMs',
    GENLOOM_NOT_FOUND_DEADLINE_MS: 'notFoundDeadlineMs',
    GENLOOM_POLL_FAILURE_DEADLINE_MS: 'pollFailureDeadlineMs',
  } as const;
  const runner: Record<string, number> = {};
  let taskTimeoutMs: number | undefined;
  for (const [name, key] of Object.entries(names)) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const ms = Number(raw);
    if (!Number.isInteger(ms) || ms < 1000 || ms > 7 * 24 * 3_600_000) {
      return {
        ok: false,
        message: `${name} must be a whole number of milliseconds from 1000 to 604800000 (got "${raw}")`,
      };
    }
    if (key === 'taskTimeoutMs') taskTimeoutMs = ms;
    else runner[key] = ms;
  }
  return { ok: true, value: { ...(taskTimeoutMs ? { taskTimeoutMs } : {}), runner } };
}

/** Keys from env, else from the key vault in <home> (see provider-keys.ts). */
export function openEngine(
  flags: { db?: string; pollMs?: number },
  env: Env = process.env,
): ({ ok: true } & OpenedEngine) | { ok: false; message: string } {
  const base = userCwd(env);
  const home = cliHome(env);
  const dbFile = flags.db === undefined ? undefined : userPath(flags.db, base);
  let keys: CliKeys;
  try {
    keys = resolveCliKeys(home, env);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const limits = waitLimits(env);
  if (!limits.ok) return limits;
  try {
    const engine = createEngine({
      home,
      dbFile,
      providers: (id) => keys.config(id),
      pollMs: flags.pollMs,
      ...limits.value,
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

export function exitCodeFor(s: EndSummary): number {
  const c = s.counts;
  const stuck = c.submitting + c.submitted + c.running + c.downloading;
  if (waitingForYou(s) > 0 || stuck > 0) return EXIT_WAITING;
  return c.succeeded === s.tasks ? EXIT_OK : EXIT_FAILURE;
}

export function runJson(store: Store, s: EndSummary): RunJson {
  const outputs: RunJson['outputs'] = [];
  for (let offset = 0; ; offset += 1000) {
    const tasks = store.tasks.listByBatch(s.batch.id, { limit: 1000, offset });
    for (const task of tasks) {
      for (const o of store.outputs.listByTask(task.id)) {
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
    waiting: waitingForYou(s),
    estimatedCost: s.batch.estimatedCost,
    spent: Math.round(s.spend.actual * 10000) / 10000,
    currency: s.spend.currency,
    outputs,
  };
}

/**
 * Waits for the batches to settle, drawing progress, or for the first Ctrl+C / SIGTERM
 * (`stopped` true); the caller closes the engine either way.
 */
export async function watchBatches(
  engine: Engine,
  batchIds: readonly string[],
  io: CliIo,
  stop: StopSignals,
): Promise<{ stopped: boolean }> {
  const sink = { write: (t: string) => process.stderr.write(t), isTTY: process.stderr.isTTY };
  const progress = new Map(
    batchIds.map((id) => [
      id,
      new Progress(sink, engine.getBatch(id)?.tasks ?? 0, {
        spend: () => engine.getBatch(id)?.spend ?? null,
      }),
    ]),
  );
  const off = engine.on('batch.updated', (u) =>
    progress.get(u.batchId)?.update(u, engine.eta(u.batchId)),
  );
  const reasons = engine.on('batch.updated', (u) => {
    if (u.reason) io.err(`batch ${u.batchId}: ${u.reason}`);
  });
  const stopped = stop.stopped.then(() => 'stopped' as const);
  try {
    for (const id of batchIds) {
      const s = await Promise.race([engine.waitForBatch(id), stopped]);
      if (s === 'stopped' || stop.code() !== null) return { stopped: true };
      if (s) progress.get(id)?.finish({ batchId: id, status: s.batch.status, counts: s.counts });
    }
    return { stopped: false };
  } finally {
    for (const p of progress.values()) p.dispose();
    off();
    reasons();
  }
}

/** Tells the user what is waiting for them. */
export function explainWaiting(store: Store, s: EndSummary, io: CliIo): void {
  if (s.counts.unknown > 0) {
    io.err(
      `${s.counts.unknown} task(s) of batch ${s.batch.id} have an unknown submit outcome: the provider may or may not have created them. They were not sent again. Check the ${s.batch.provider} dashboard, then run \`genloom resume --resubmit-unknown\` to submit them again.`,
    );
    for (const t of store.tasks.listByBatch(s.batch.id, { states: ['unknown'], limit: 20 })) {
      io.err(`  unknown: task ${t.id} (#${t.seq}) ${t.errorMessage ?? ''}`);
    }
  }
  if (s.batch.status === 'paused' && s.counts.queued > 0) {
    io.err(
      `batch ${s.batch.id} is paused with ${s.counts.queued} task(s) queued; fix the cause above, then run \`genloom resume\`.`,
    );
  }
}
