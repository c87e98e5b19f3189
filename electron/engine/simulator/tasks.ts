import { createHash } from 'node:crypto';
import type { NormalisedRequest } from './check';
import { fileUrl, registerOutputs, selfHostedFile } from './files';
import type { SimState, SimTask } from './state';
import type { SimProvider, SimTaskView, TaskOutcome, TaskState } from './types';

/**
 * Magic words in a prompt steer the task's end (case-insensitive, kept in the prompt):
 * - `[sim:fail]`    the task fails (a generic, retryable-looking model failure);
 * - `[sim:content]` the task fails on the content policy;
 * - `[sim:partial]` success with fewer outputs than asked: ceil(n/2) (1 when n is 1);
 * - `[sim:slow]`    the latency is multiplied by `slowFactor` (default 10);
 * - `[sim:expire]`  success, but the result URLs are already expired when it ends;
 * - `[sim:stuck]`   the task stays running for ever (for timeout tests).
 */
export const MAGIC_WORDS = [
  '[sim:fail]',
  '[sim:content]',
  '[sim:partial]',
  '[sim:slow]',
  '[sim:expire]',
  '[sim:stuck]',
] as const;

function has(prompt: string, word: string): boolean {
  return prompt.toLowerCase().includes(word);
}

function decideOutcome(state: SimState, req: NormalisedRequest): TaskOutcome {
  const p = req.prompt;
  if (has(p, '[sim:content]'))
    return { kind: 'failed', reason: 'content', detail: 'prompt flagged by [sim:content]' };
  if (has(p, '[sim:fail]'))
    return { kind: 'failed', reason: 'fail', detail: 'failure requested by [sim:fail]' };
  if (has(p, '[sim:stuck]')) return { kind: 'stuck' };
  const broken = req.imageRefs.find((ref) => selfHostedFile(state, ref) === 'missing');
  if (broken !== undefined) return { kind: 'failed', reason: 'image_url', detail: broken };
  if (state.opts.failureRate > 0 && state.rng.outcomes.next() < state.opts.failureRate)
    return { kind: 'failed', reason: 'fail', detail: 'random failure (failureRate)' };
  const outputs = has(p, '[sim:partial]') ? Math.ceil(req.count / 2) : req.count;
  return { kind: 'success', outputs, expired: has(p, '[sim:expire]') };
}

function baseLatency(state: SimState, provider: SimProvider, model: string): number {
  const o = state.opts.latencyOverrides;
  const hit =
    o.find((x) => x.provider === provider && x.model === model) ??
    o.find((x) => x.provider === undefined && x.model === model) ??
    o.find((x) => x.provider === provider && x.model === undefined);
  return hit?.latencyMs ?? state.opts.latencyMs;
}

export interface NewTask {
  provider: SimProvider;
  id: string;
  apiKey: string;
  idempotencyKey: string | null;
  body: unknown;
  mode: 'async' | 'sync';
  req: NormalisedRequest;
}

/** JSON with object keys sorted, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** What identifies one request whatever its headers: provider, model, mode and body. */
export function fingerprintOf(t: Pick<NewTask, 'provider' | 'mode' | 'body' | 'req'>): string {
  const text = `${t.provider}\n${t.req.model}\n${t.mode}\n${canonical(t.body)}`;
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function createTask(state: SimState, t: NewTask): SimTask {
  const outcome = decideOutcome(state, t.req);
  let latency = baseLatency(state, t.provider, t.req.model);
  if (state.opts.jitter > 0) latency *= 1 + state.opts.jitter * (2 * state.rng.jitter.next() - 1);
  if (has(t.req.prompt, '[sim:slow]')) latency *= state.opts.slowFactor;
  const durationMs = outcome.kind === 'stuck' ? null : Math.max(0, Math.round(latency));
  const task: SimTask = {
    ...t,
    model: t.req.model,
    outcome,
    createdAt: state.now(),
    queueMs: Math.round(latency * 0.25),
    durationMs,
    fileTokens: [],
    submits: 1,
    polls: 0,
    fingerprint: fingerprintOf(t),
  };
  if (outcome.kind === 'success' && durationMs !== null) registerOutputs(state, task, outcome);
  state.tasks.set(task.id, task);
  const slot = `${t.provider}\n${t.apiKey}`;
  const set = state.active.get(slot) ?? new Set<SimTask>();
  set.add(task);
  state.active.set(slot, set);
  state.counters.tasksCreated[t.provider] += 1;
  const byPrint = state.counters.creationsByFingerprint;
  byPrint[task.fingerprint] = (byPrint[task.fingerprint] ?? 0) + 1;
  if (t.idempotencyKey !== null) {
    const byKey = state.counters.creationsByIdempotencyKey;
    byKey[t.idempotencyKey] = (byKey[t.idempotencyKey] ?? 0) + 1;
  }
  return task;
}

export function finishAt(task: SimTask): number | null {
  return task.durationMs === null ? null : task.createdAt + task.durationMs;
}

export function taskState(task: SimTask, now: number): TaskState {
  const end = finishAt(task);
  if (end !== null && now >= end) return task.outcome.kind === 'success' ? 'succeeded' : 'failed';
  return now < task.createdAt + task.queueMs ? 'queued' : 'running';
}

/** 0 while queued, 100 at the end, in between while running. */
export function progress(task: SimTask, now: number): number {
  const s = taskState(task, now);
  if (s === 'queued') return 0;
  if (s !== 'running') return 100;
  if (task.durationMs === null) return 50;
  const span = Math.max(1, task.durationMs - task.queueMs);
  const done = (now - task.createdAt - task.queueMs) / span;
  return Math.min(99, Math.max(1, Math.floor(done * 100)));
}

/** Unfinished tasks of one key; finished ones are pruned on the way. */
export function unfinishedTasks(state: SimState, provider: SimProvider, apiKey: string): SimTask[] {
  const set = state.active.get(`${provider}\n${apiKey}`);
  if (!set) return [];
  const now = state.now();
  for (const t of set) {
    const s = taskState(t, now);
    if (s === 'succeeded' || s === 'failed') set.delete(t);
  }
  return [...set];
}

export function unfinishedCount(state: SimState, provider: SimProvider): number {
  let n = 0;
  for (const [slot] of state.active) {
    const [p, key] = slot.split('\n') as [SimProvider, string];
    if (p === provider) n += unfinishedTasks(state, p, key).length;
  }
  return n;
}

/** Seconds until the first unfinished task of the key ends; at least 1. */
export function retryAfterSeconds(state: SimState, open: SimTask[]): number {
  const now = state.now();
  const ends = open.map(finishAt).filter((e): e is number => e !== null);
  const wait = ends.length > 0 ? Math.min(...ends) - now : state.opts.latencyMs;
  return Math.max(1, Math.ceil(wait / 1000));
}

export function taskUrls(state: SimState, task: SimTask): string[] {
  return task.fileTokens.map((token) => fileUrl(state, token));
}

export function viewTask(state: SimState, task: SimTask): SimTaskView {
  return {
    provider: task.provider,
    model: task.model,
    id: task.id,
    apiKey: task.apiKey,
    idempotencyKey: task.idempotencyKey,
    input: task.body,
    mode: task.mode,
    state: taskState(task, state.now()),
    submits: task.submits,
    replays: task.submits - 1,
    fingerprint: task.fingerprint,
    polls: task.polls,
    requested: task.req.count,
    outcome: task.outcome,
    createdAt: task.createdAt,
    finishAt: finishAt(task),
    urls: taskUrls(state, task),
  };
}
