// Runs one plan: a fresh simulator and GENLOOM_HOME, the engine as a child process session
// after session, each with its faults and disruption, user actions between them, then a
// final clean `resume`, and the invariant check.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../electron/engine/simulator/index';
import type { Simulator } from '../../electron/engine/simulator/index';
import { CLI_MAIN, CONTROL_CHILD, LOCK_CHILD, startChild } from './children';
import type { Child, ChildResult } from './children';
import { listFiles } from './files';
import { checkInvariants } from './invariants';
import type { RunRecord, SessionRecord, Violation } from './invariants';
import type { ActionKind, RunPlan, SessionPlan } from './plan';
import { idsInState, readStore } from './store-view';

export interface RunOptions {
  /** Hard deadline of every engine session (a hang past it is a failure). */
  deadlineMs: number;
  /** Keep the run's folder for a look after a failure. */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface RunResult {
  plan: RunPlan;
  actions: Partial<Record<ActionKind, number>>;
  violations: Violation[];
  sessions: SessionRecord[];
  ms: number;
  dir: string | null;
}

const MODEL_ARGS: Record<RunPlan['variant'], string[]> = {
  poyo: ['--provider', 'poyo', '--model', 'wan-2.7-image'],
  apixo: ['--provider', 'apixo', '--model', 'wan-2-7-image', '--set', 'mode=omni-image'],
  modelverse: ['--provider', 'modelverse', '--model', 'wan2.7-image'],
  'modelverse-sync': ['--provider', 'modelverse', '--model', 'wan2.7-image'],
};

function childEnv(sim: Simulator, root: string, plan: RunPlan): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('GENLOOM_')) env[k] = v;
  for (const id of ['poyo', 'apixo', 'modelverse'] as const) {
    env[`GENLOOM_${id.toUpperCase()}_API_KEY`] = sim.keys[id];
    env[`GENLOOM_${id.toUpperCase()}_BASE_URL`] = sim.baseUrls[id];
  }
  if (plan.variant === 'modelverse-sync') env.GENLOOM_MODELVERSE_MODE = 'sync';
  env.GENLOOM_HOME = path.join(root, 'home');
  // The runner's own deadlines, short enough to end inside a session's: a status that fails
  // forever or a task the provider never shows waits for the user instead of polling on.
  env.GENLOOM_POLL_FAILURE_DEADLINE_MS = '8000';
  env.GENLOOM_NOT_FOUND_DEADLINE_MS = '8000';
  // The user's home inside the run folder too: a write to ~ shows up in the file check.
  env.HOME = path.join(root, 'user');
  return env;
}

/** Polls until the simulator has seen `n` more requests or the session ended. */
async function afterRequests(sim: Simulator, n: number, ended: () => boolean): Promise<boolean> {
  const target = sim.stats().requests + n;
  while (!ended()) {
    if (sim.stats().requests >= target) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

export async function runPlan(plan: RunPlan, opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const root = mkdtempSync(path.join(tmpdir(), `genloom-faults-${plan.seed}-`));
  const home = path.join(root, 'home');
  const db = path.join(home, 'tasks.db');
  const out = path.join(home, 'out');
  mkdirSync(path.join(root, 'user'), { recursive: true });
  const before = listFiles(root);
  const sim = await startSimulator({
    seed: plan.seed,
    latencyMs: plan.latencyMs,
    jitter: 0.3,
    concurrency: plan.simConcurrency,
    failureRate: plan.failureRate,
  });
  const env = childEnv(sim, root, plan);
  const actions: Partial<Record<ActionKind, number>> = {};
  const took = (k: ActionKind) => (actions[k] = (actions[k] ?? 0) + 1);
  const sessions: SessionRecord[] = [];
  const extra: Violation[] = [];
  /** Creations each Genloom task may have: 1, plus one per retry or resubmit the user asked. */
  const allowance = new Map<string, number>();
  const allow = (ids: string[]) =>
    ids.forEach((id) => allowance.set(id, (allowance.get(id) ?? 1) + 1));
  const common = ['--db', db, '--json'];
  const alts = Array.from({ length: plan.tasks }, (_, i) => `tk${String(i + 1).padStart(2, '0')}z`);
  const runArgs = [
    'run',
    ...MODEL_ARGS[plan.variant],
    '--prompt',
    `fault ${plan.seed} {${alts.join('|')}}`,
    '--out',
    out,
    '--concurrency',
    String(plan.concurrency),
    '--poll-ms',
    '40',
    ...common,
  ];

  const session = async (name: string, args: string[], s: SessionPlan | null) => {
    const firstSeq = sim.stats().requests;
    for (const f of s?.faults ?? []) {
      sim.faults.add(f.spec);
      took(f.action);
    }
    const child = startChild(CLI_MAIN, args, env, opts.deadlineMs);
    let ended = false;
    const done = child.done.then((r) => {
      ended = true;
      return r;
    });
    const helpers: Promise<unknown>[] = [];
    const d = s?.disruption;
    let disrupted: string | null = null;
    if (d && (await afterRequests(sim, d.afterRequests, () => ended))) {
      disrupted = d.kind;
      took(d.kind);
      helpers.push(disrupt(d.kind, d.holdMs, child, () => ended));
    }
    const result = await done;
    await Promise.all(helpers);
    sim.faults.clear();
    const rec: SessionRecord = {
      name,
      args: args.filter((a) => a !== db && a !== out),
      faults: (s?.faults ?? []).map((f) => f.action),
      disruption: disrupted,
      firstSeq,
      lastSeq: sim.stats().requests,
      result,
    };
    sessions.push(rec);
    log(
      `  ${name}: exit ${result.code ?? result.signal}${result.timedOut ? ' (DEADLINE)' : ''} in ${result.ms} ms; faults [${(s?.faults ?? []).map((f) => JSON.stringify(f.spec)).join(', ')}]${disrupted ? `, ${disrupted} after ${d?.afterRequests} requests` : ''}`,
    );
    return result;
  };

  const disrupt = async (
    kind: string,
    holdMs: number,
    driver: Child,
    ended: () => boolean,
  ): Promise<void> => {
    if (kind === 'kill9') return driver.kill();
    if (kind === 'dbLock') {
      const lock = startChild(LOCK_CHILD, [db, String(holdMs)], env, holdMs + 30_000);
      const r = await lock.done;
      if (r.timedOut)
        extra.push({ rule: 'hang', detail: `the lock child outlived ${holdMs + 30_000} ms` });
      return;
    }
    const batchId = readStore(db).batches.at(-1)?.id;
    if (kind === 'pause' || kind === 'cancel') {
      if (!batchId) return;
      const c = startChild(CONTROL_CHILD, [kind, batchId, '--db', db], env, opts.deadlineMs);
      const r = await c.done;
      checkHelper(`${kind} (another process)`, r);
      return;
    }
    // lease: a second driver while the first lives must be refused (exit 2) and do nothing.
    const second = startChild(CLI_MAIN, ['resume', ...common], env, opts.deadlineMs);
    const r = await second.done;
    const firstAlive = !ended();
    if (r.timedOut)
      extra.push({ rule: 'hang', detail: `second driver outlived ${opts.deadlineMs} ms` });
    else if (firstAlive && r.code !== 2)
      extra.push({
        rule: 'one driver',
        detail: `a second \`resume\` ran while the first driver lived (exit ${r.code}): ${tail(r.stderr)}`,
      });
  };

  const checkHelper = (what: string, r: ChildResult) => {
    if (r.timedOut) extra.push({ rule: 'hang', detail: `${what} outlived its deadline` });
    else if (
      r.json?.ok === false &&
      !/another Genloom process|database is locked|busy/i.test(String(r.json.error))
    )
      extra.push({ rule: 'crash', detail: `${what} failed: ${String(r.json.error)}` });
    else if (r.code !== 0 && r.json === null)
      extra.push({ rule: 'crash', detail: `${what} exited ${r.code}: ${tail(r.stderr)}` });
  };

  try {
    for (const [i, s] of plan.sessions.entries()) {
      if (i === 0) {
        await session('run', runArgs, s);
        continue;
      }
      const view = readStore(db);
      const batchId = view.batches.at(-1)?.id;
      const failed = idsInState(view, 'failed');
      if (s.retryBefore && batchId && failed.length > 0) {
        allow(failed);
        took('retry');
        const c = startChild(CONTROL_CHILD, ['retry', batchId, '--db', db], env, opts.deadlineMs);
        const r = await c.done;
        checkHelper('retry failed (another process)', r);
        log(`  retry failed: ${failed.length} task(s), ${r.stdout.trim()}`);
      }
      const unknown = idsInState(readStore(db), 'unknown');
      const resubmit = s.resubmitUnknown && unknown.length > 0;
      if (resubmit) {
        allow(unknown);
        took('resubmit');
      }
      await session(
        `resume ${i}`,
        ['resume', ...(resubmit ? ['--resubmit-unknown'] : []), ...common],
        s,
      );
    }
    // The user fixes whatever was wrong and resumes: everything resumable must end now.
    await session('final resume', ['resume', ...common], null);
  } finally {
    await sim.close().catch(() => undefined);
  }
  const record: RunRecord = {
    root,
    home,
    db,
    out,
    before,
    after: listFiles(root),
    sim: { tasks: sim.tasks, requests: [...sim.requests], stats: sim.stats() },
    store: readStore(db),
    sessions,
    allowance,
  };
  const violations = [...extra, ...checkInvariants(record)];
  if (!opts.keep && violations.length === 0) rmSync(root, { recursive: true, force: true });
  return {
    plan,
    actions,
    violations,
    sessions,
    ms: Date.now() - started,
    dir: opts.keep || violations.length > 0 ? root : null,
  };
}

export function tail(text: string, lines = 4): string {
  return text.trim().split('\n').slice(-lines).join(' | ').slice(0, 600);
}
