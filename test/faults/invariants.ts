// The money invariants, checked after a run from the database (read-only) and from the
// simulator's records. Each violation names its rule, the task and what was seen.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RecordedRequest, SimStats, SimTaskView } from '../../electron/engine/simulator/index';
import type { ChildResult } from './children';
import { isInside } from './files';
import type { StoreView, TaskRow } from './store-view';

export interface Violation {
  rule: string;
  detail: string;
}

export interface SessionRecord {
  name: string;
  args: string[];
  faults: string[];
  disruption: string | null;
  /** Simulator request numbers during the session: (firstSeq, lastSeq]. */
  firstSeq: number;
  lastSeq: number;
  result: ChildResult;
}

export interface RunRecord {
  root: string;
  home: string;
  db: string;
  out: string;
  before: string[];
  after: string[];
  sim: { tasks: SimTaskView[]; requests: RecordedRequest[]; stats: SimStats };
  store: StoreView;
  sessions: SessionRecord[];
  allowance: ReadonlyMap<string, number>;
}

const END_STATES = ['succeeded', 'failed', 'canceled', 'unknown'];
/** A reported cost may exceed the estimate a little (rounding, a price table off by a bit). */
const COST_FACTOR = 1.5;

function promptOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const o = input as Record<string, unknown>;
  if (typeof o.prompt === 'string') return o.prompt;
  return promptOf(o.input);
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const tail = (t: string) => t.trim().split('\n').slice(-3).join(' | ').slice(0, 400);

export function checkInvariants(r: RunRecord): Violation[] {
  const v: Violation[] = [];
  const add = (rule: string, detail: string) => v.push({ rule, detail });
  const { tasks } = r.store;
  const label = (t: TaskRow) => `task #${t.seq} "${t.prompt}" (${t.state})`;

  // Processes: none outlived its deadline; none crashed; every normal end printed a summary.
  for (const s of r.sessions) {
    const res = s.result;
    if (res.timedOut)
      add('hang', `${s.name} still ran at its deadline (${res.ms} ms): ${tail(res.stderr)}`);
    if (res.killed || res.timedOut) continue;
    if (![0, 1, 3].includes(res.code ?? -1))
      add('crash', `${s.name} exited ${res.code ?? res.signal}: ${tail(res.stderr)}`);
    else if (res.json === null)
      add('crash', `${s.name} exited ${res.code} with no --json summary: ${tail(res.stderr)}`);
    if (/SqliteError|Unhandled|TypeError|RangeError|\n\s+at .+:\d+:\d+\)?\n/.test(res.stderr))
      add('crash', `${s.name} printed an internal error: ${tail(res.stderr)}`);
  }

  // Every task ends (after the final resume) with its files or a clear reason.
  const outputsOf = (id: string) => r.store.outputs.filter((o) => o.taskId === id);
  for (const t of tasks) {
    if (!END_STATES.includes(t.state)) {
      add('end state', `${label(t)} is still in flight after the final resume`);
      continue;
    }
    if (t.state !== 'succeeded' && (!t.errorCode || !t.errorMessage))
      add('clear reason', `${label(t)} has no error code or message`);
    if (t.state === 'succeeded') {
      const done = outputsOf(t.id).filter((o) => o.state === 'done');
      if (done.length === 0) add('files saved', `${label(t)} has no saved output`);
      for (const o of done) {
        if (o.path && !isInside(o.path, r.out))
          add('writes contained', `${label(t)}: output ${o.path} is outside the output folder`);
        if (!o.path || !existsSync(o.path)) add('files saved', `${label(t)}: ${o.path} is missing`);
        else if (sha256(o.path) !== o.sha256)
          add('files saved', `${label(t)}: ${o.path} does not match its sha256`);
      }
    }
  }

  // Attribution: each remote task belongs to the one Genloom task with its (unique) prompt.
  const byPrompt = new Map(tasks.map((t) => [t.prompt, t]));
  const simById = new Map(r.sim.tasks.map((s) => [s.id, s]));
  const created = new Map<string, SimTaskView[]>();
  for (const s of r.sim.tasks) {
    const t = byPrompt.get(promptOf(s.input) ?? '');
    if (!t) {
      add('tracked', `remote ${s.provider} task ${s.id} (${s.state}) belongs to no Genloom task`);
      continue;
    }
    created.set(t.id, [...(created.get(t.id) ?? []), s]);
  }
  const knows = (t: TaskRow, remoteId: string) =>
    t.remoteId === remoteId || (r.store.eventText.get(t.id) ?? '').includes(remoteId);

  for (const t of tasks) {
    const mine = created.get(t.id) ?? [];
    // Nothing submitted twice except an idempotent replay (or a retry the user asked for).
    const allowed = r.allowance.get(t.id) ?? 1;
    if (mine.length > allowed)
      add(
        'submitted once',
        `${label(t)}: ${mine.length} remote tasks created (${mine.map((s) => s.id).join(', ')}), ${allowed} allowed`,
      );
    if (t.remoteId !== null && !t.remoteId.startsWith('sync:') && !simById.has(t.remoteId))
      add('tracked', `${label(t)} holds remote id ${t.remoteId}, which the provider never made`);
    for (const s of mine) {
      const paid = s.state === 'succeeded';
      if (s.mode === 'sync') continue; // no remote id: judged by the replies below
      if (paid && t.remoteId === s.id && t.state !== 'succeeded')
        add(
          'paid output saved',
          `${label(t)}: its remote task ${s.id} succeeded (paid) but the task ended ${t.state} ${t.errorCode ?? ''}: ${t.errorMessage ?? ''}`,
        );
      else if (paid && t.remoteId !== s.id && knows(t, s.id))
        add(
          'paid output saved',
          `${label(t)}: remote task ${s.id} succeeded (paid), Genloom knew it, and moved on to another attempt`,
        );
    }
    // Costs: finite, not negative, within what the attempts could cost at most.
    const cost = t.actualCost;
    if (cost !== null) {
      const max = (t.estimatedCost ?? 0) * Math.max(1, mine.length) * COST_FACTOR;
      if (!Number.isFinite(cost) || cost < 0 || cost > max)
        add(
          'cost bounded',
          `${label(t)}: recorded cost ${cost}, allowed 0 to ${max} (estimate ${t.estimatedCost} x ${Math.max(1, mine.length)} attempt(s) x ${COST_FACTOR})`,
        );
    }
  }

  // An answer the engine received intact names a remote task it must never lose (unless we
  // killed it in that session: then the reply may have died with the process).
  const sessionOf = (seq: number) => r.sessions.find((s) => seq > s.firstSeq && seq <= s.lastSeq);
  for (const q of r.sim.requests) {
    if (q.route !== 'submit' || q.status !== 200 || q.fault !== null || q.taskId === null) continue;
    const s = sessionOf(q.seq);
    if (s === undefined || s.result.killed || s.result.timedOut || s.disruption === 'lease')
      continue;
    const remote = simById.get(q.taskId);
    const t = byPrompt.get(promptOf(remote?.input) ?? '');
    if (!remote || !t) continue;
    if (remote.mode === 'sync') {
      if (
        remote.state === 'succeeded' &&
        t.state !== 'succeeded' &&
        (created.get(t.id) ?? []).at(-1)?.id === remote.id
      )
        add(
          'paid output saved',
          `${label(t)}: its sync answer (${remote.id}) arrived in ${s.name} but the task ended ${t.state} ${t.errorCode ?? ''}: ${t.errorMessage ?? ''}`,
        );
      continue;
    }
    if (!knows(t, remote.id))
      add(
        'remote id kept',
        `${label(t)}: ${s.name} received remote id ${remote.id} (request ${q.seq}) and lost it`,
      );
  }

  // The provider never created two tasks for one Idempotency-Key (a replay creates none).
  for (const [key, n] of Object.entries(r.sim.stats.creationsByIdempotencyKey))
    if (n > 1) add('submitted once', `Idempotency-Key ${key} created ${n} remote tasks`);

  // Nothing written outside the output folder (the database and its journals aside).
  const before = new Set(r.before);
  // `.journal` is the engine's append-only recovery journal, beside the database by design.
  const dbFiles = new Set(['', '-wal', '-shm', '-journal', '.journal'].map((s) => `${r.db}${s}`));
  for (const f of r.after) {
    if (before.has(f) || dbFiles.has(f) || isInside(f, r.out)) continue;
    add('writes contained', `${path.relative(r.root, f)} was written outside the output folder`);
  }
  const leftovers = r.after.filter((f) => isInside(f, r.out) && /\.part$|\.tmp$/.test(f));
  if (leftovers.length > 0)
    add(
      'writes contained',
      `temporary files left: ${leftovers.map((f) => path.basename(f)).join(', ')}`,
    );
  return v;
}
