// Polling one remote task and acting on what the provider says: still going (plan the next
// poll), finished (record outputs and cost, then download at once), failed or cancelled (settle
// the cost). Every wait has a deadline on the monotonic clock: a task the provider does not
// know (404) or will not talk about (5xx) is never failed at cost 0 while it may still run and
// bill; past its deadline it waits for the user as `unknown`. A refused key pauses the batch.
import { isProviderError } from '../http';
import type { TaskStatus } from '../providers/types';
import type { Task } from '../store/types';
import { findModel, pollingFor } from '../../../shared/catalog/index';
import type { RunnerContext, WatchOptions } from './context';
import { finishRemote } from './finish';
import type { Flight } from './in-flight';
import { newIdempotencyKey } from './keys';
import { latencyKey } from './scheduler';
import type { PollPlan } from './scheduler';
import { ACCOUNT_CODES } from './submit';

export const DEFAULT_NOT_FOUND_DEADLINE_MS = 10 * 60_000;
export const DEFAULT_POLL_FAILURE_DEADLINE_MS = 15 * 60_000;

/** What a watching step needs beyond the context: the runner's timers. */
export interface WatchHost extends RunnerContext {
  schedulePoll(flight: Flight, at: number): void;
  stopWatching(taskId: string): void;
}

export function duration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

export async function pollTask(ctx: WatchHost, flight: Flight): Promise<void> {
  const task = ctx.store.tasks.get(flight.taskId);
  const watched = task?.state === 'submitted' || task?.state === 'running';
  if (task === undefined || task.remoteId === null || !(watched || task.state === 'unknown')) {
    ctx.stopWatching(flight.taskId);
    return;
  }
  const client = ctx.client(task.provider);
  if (client === undefined) {
    // Keep the task; it is watched again once the provider has a key and the batch resumes.
    // (State first, then the watch ends: the batch is looked at again with its new state.)
    ctx.batches.pause(task.batchId, ctx.notConfigured(task.provider));
    ctx.stopWatching(flight.taskId);
    return;
  }
  const sentAt = ctx.mono();
  let status: TaskStatus;
  try {
    status = await client.status(task.model, task.remoteId, ctx.signal);
  } catch (err) {
    if (ctx.closed) return;
    onPollError(ctx, flight, task, err, sentAt);
    return;
  }
  if (ctx.closed) return;
  flight.errors = 0;
  flight.failingSince = null;
  flight.notFoundSince = null;
  flight.dbErrors = 0;
  flight.offsets.push(sentAt - flight.monoT0);
  handleStatus(ctx, flight, status);
}

/** `sentAt`: when the failed poll left (a status call's own retries may take a while). */
function onPollError(
  ctx: WatchHost,
  flight: Flight,
  task: Task,
  err: unknown,
  sentAt: number,
): void {
  const code = isProviderError(err) ? err.code : 'internal_error';
  const message = err instanceof Error ? err.message : String(err);
  const provider = task.provider;
  const now = ctx.mono();
  if (ACCOUNT_CODES.has(code)) {
    // Every poll of this provider would be refused alike: stop, and say what to do. The task
    // stays with its remote id; resuming the batch watches it again (nothing is resubmitted).
    ctx.batches.pause(
      task.batchId,
      `${provider} refused the API key while Genloom was checking on submitted tasks (${message}). Fix the key in Settings (or GENLOOM_${provider.toUpperCase()}_API_KEY), then resume the batch: its submitted tasks are checked again and nothing is submitted twice`,
    );
    ctx.stopWatching(task.id);
    return;
  }
  if (code === 'not_found') {
    flight.notFoundSince ??= sentAt;
    if (flight.reconcile) {
      // The user chose to resubmit a task the provider had stopped knowing: it still does not
      // know it, so a new attempt (a new key) goes out.
      const requeued = ctx.move(
        task.id,
        ['unknown'],
        'queued',
        {
          errorCode: null,
          errorMessage: null,
          remoteId: null,
          submittedAt: null,
          nextPollAt: null,
          idempotencyKey: newIdempotencyKey(),
          incrementAttempts: true,
        },
        { previousRemoteId: task.remoteId, reason: 'the provider does not know the task' },
      );
      ctx.stopWatching(task.id);
      if (requeued) ctx.batches.kick();
      return;
    }
    const limit = ctx.options.notFoundDeadlineMs ?? DEFAULT_NOT_FOUND_DEADLINE_MS;
    if (now - flight.notFoundSince >= limit) {
      ctx.move(task.id, ['submitted', 'running'], 'unknown', {
        errorCode: 'remote_not_found',
        errorMessage: `${provider} has answered "not found" for task ${task.remoteId} for ${duration(limit)}. It may still run and bill: check the provider's dashboard, then Resubmit (Genloom checks on the task once more before sending a new request) or Drop it.`,
      });
      ctx.stopWatching(task.id);
      return;
    }
  } else {
    flight.failingSince ??= sentAt;
    const limit = ctx.options.pollFailureDeadlineMs ?? DEFAULT_POLL_FAILURE_DEADLINE_MS;
    if (now - flight.failingSince >= limit) {
      // A task already waiting for the user (a check that could not get through) stays so.
      if (task.state !== 'unknown') {
        ctx.move(task.id, ['submitted', 'running'], 'unknown', {
          errorCode: 'status_unavailable',
          errorMessage: `${provider} has not answered about task ${task.remoteId} for ${duration(limit)} (last: ${message}). It may still finish and bill: Resubmit checks on it again first; Drop ends it.`,
        });
      }
      ctx.stopWatching(task.id);
      return;
    }
  }
  flight.errors++;
  // "Not visible yet" is asked again on the task's own schedule; other errors back off, at
  // most a minute; rate limits wait for the shared gate.
  const backoff =
    code === 'not_found'
      ? nextPollIn(ctx, flight)
      : Math.min(60_000, 250 * 2 ** Math.min(flight.errors, 8));
  // Never past the deadline: the poll after it is the one that ends the wait.
  const deadlineAt =
    code === 'not_found'
      ? (flight.notFoundSince ?? now) +
        (ctx.options.notFoundDeadlineMs ?? DEFAULT_NOT_FOUND_DEADLINE_MS)
      : (flight.failingSince ?? now) +
        (ctx.options.pollFailureDeadlineMs ?? DEFAULT_POLL_FAILURE_DEADLINE_MS);
  const wait = Math.min(
    Math.max(ctx.scheduler.gate(provider).blockedFor(), backoff),
    Math.max(0, deadlineAt - now),
  );
  ctx.store.tasks.recordPoll(task.id, ctx.now() + wait);
  ctx.schedulePoll(flight, now + wait);
}

/** The watch of a task: its poll plan and its deadlines. Undefined for a model no longer known. */
export function newFlight(ctx: RunnerContext, task: Task, opts: WatchOptions): Flight | undefined {
  const entry = findModel(task.provider, task.model);
  if (entry === undefined) return undefined;
  const hint = pollingFor(entry, task.params);
  const plan: PollPlan = {
    key: latencyKey(task.provider, task.model, hint),
    hint,
    pollMs: ctx.batches.pollMs(task.batchId),
  };
  const mono = ctx.mono();
  const wall = ctx.now();
  // A submit this process made is timed on the monotonic clock from the start. Wall times
  // anchor only a task resumed after a restart, once; from then on only the monotonic clock
  // counts, so a clock jump neither stalls the polls nor times them out.
  const monoT0 = opts.monoT0 ?? mono - Math.max(0, wall - opts.t0);
  const timeoutFrom =
    opts.watchFrom !== undefined ? mono - Math.max(0, wall - opts.watchFrom) : monoT0;
  return {
    taskId: task.id,
    plan,
    monoT0,
    offsets: [],
    learn: opts.learn,
    deadline: timeoutFrom + ctx.options.taskTimeoutMs,
    errors: 0,
    failingSince: null,
    notFoundSince: null,
    reconcile: opts.reconcile ?? false,
    dbErrors: 0,
  };
}

/** How long after now the task's poll plan would ask next (at most a minute). */
function nextPollIn(ctx: WatchHost, flight: Flight): number {
  const prev = flight.offsets[flight.offsets.length - 1] ?? 0;
  const offset = ctx.scheduler.pollOffset(flight.plan, flight.offsets.length + 1, prev);
  return Math.min(60_000, Math.max(0, offset - prev));
}

/** A database error while recording an answer: ask again later, never drop the task. */
export function retryPollLater(ctx: WatchHost, flight: Flight): void {
  if (ctx.closed || ctx.work.get(flight.taskId)?.flight !== flight) return;
  flight.dbErrors++;
  ctx.schedulePoll(flight, ctx.mono() + Math.min(30_000, 250 * 2 ** flight.dbErrors));
}

/** Acts on a status, from a poll or from a submit that answered with the result at once. */
export function handleStatus(
  ctx: WatchHost,
  flight: Flight,
  status: TaskStatus,
  polled = true,
): void {
  const task = ctx.store.tasks.get(flight.taskId);
  if (task === undefined) return;
  if (status.state === 'queued' || status.state === 'running') {
    if (status.state === 'running' && (task.state === 'submitted' || task.state === 'unknown')) {
      ctx.move(task.id, [task.state], 'running', {
        remoteCreatedAt: status.createdAt ?? undefined,
        errorCode: null,
        errorMessage: null,
      });
    }
    if (ctx.mono() > flight.deadline) {
      finishRemote(
        ctx,
        task.id,
        {
          state: 'failed',
          code: 'timeout',
          message: `still ${status.state} after ${duration(ctx.options.taskTimeoutMs)}; Genloom stopped waiting (the provider may still finish and bill it). Retry failed tasks to check on it again: a retry watches the same remote task, it does not submit a new one`,
        },
        true,
      );
      ctx.stopWatching(task.id);
      return;
    }
    const index = flight.offsets.length + 1;
    const prev = flight.offsets[flight.offsets.length - 1] ?? 0;
    const offset = ctx.scheduler.pollOffset(flight.plan, index, prev);
    const at = Math.max(ctx.mono(), flight.monoT0 + offset);
    ctx.store.tasks.recordPoll(task.id, ctx.now() + (at - ctx.mono()));
    ctx.schedulePoll(flight, at);
    return;
  }
  if (polled) ctx.store.tasks.recordPoll(task.id, null);
  // Recorded first: if this throws (the database is busy), the task is still watched.
  finishRemote(ctx, task.id, status);
  if (polled && flight.learn) ctx.scheduler.learn(flight.plan, flight.offsets);
  // A success moved the task to downloading and handed it to delivery (which freed the
  // slot); anything else ends the watch here.
  if (ctx.work.get(task.id)?.phase === 'watch') ctx.stopWatching(task.id);
}
