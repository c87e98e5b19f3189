// One submit: validate and host the images (still queued), persist `submitting`, send with the
// stored idempotency key, and make the remote id durable the moment the answer arrives: the
// recovery journal first (fsync), then the database, retried until it lands. Every way it can
// fail leaves the task in a state that says what is known. The caller (the pump) owns the
// task's in-flight entry and its slot: when this returns without handing the task on to be
// watched, the entry ends and the slot is free.
import { prepareSubmit } from '../providers/submit';
import { isProviderError } from '../http';
import type { ProviderError } from '../http';
import type { Task } from '../store/types';
import type { RunnerContext } from './context';
import { addCost } from './finish';

/** Failures that concern the account, not the task: the batch pauses for the user. */
export const ACCOUNT_CODES: ReadonlySet<string> = new Set(['bad_key', 'no_balance', 'forbidden']);
/** Network-level retries of one task before it is marked failed. */
const MAX_SUBMIT_RETRIES = 5;

function retryDelay(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** attempt);
}

export async function submitTask(ctx: RunnerContext, task: Task): Promise<void> {
  const { store } = ctx;
  const client = ctx.client(task.provider);
  if (client === undefined) {
    ctx.batches.uncharge(task.id);
    ctx.batches.pause(task.batchId, ctx.notConfigured(task.provider));
    return;
  }
  let prepared;
  try {
    prepared = await prepareSubmit(task.provider, task.model, task.params, ctx.resolveContext());
  } catch (err) {
    // Upload failures: nothing was submitted, the task is still queued.
    handleBeforeSubmit(ctx, task, err);
    return;
  }
  if (!prepared.ok) {
    const message = prepared.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    ctx.move(task.id, ['queued'], 'failed', {
      errorCode: 'invalid_input',
      errorMessage: message,
      // Nothing was billed for this attempt; earlier attempts keep their cost.
      actualCost: addCost(task.actualCost, 0),
    });
    return;
  }
  // A pause (or cancel) that came while the images were uploading is honoured: nothing paid
  // leaves for a batch that is no longer active. The task stays queued (a cancel has already
  // ended it: cancel moves every queued task).
  if (store.batches.get(task.batchId)?.status !== 'active' || ctx.closed) {
    ctx.batches.uncharge(task.id);
    return;
  }
  // Persisted BEFORE the request leaves: a crash from here on is resolved by resume.
  if (!ctx.move(task.id, ['queued'], 'submitting', { errorCode: null, errorMessage: null })) {
    ctx.batches.uncharge(task.id);
    return;
  }
  let result;
  try {
    result = await client.submit(
      { model: task.model, input: prepared.input, idempotencyKey: task.idempotencyKey },
      ctx.signal,
    );
  } catch (err) {
    handleSubmitError(ctx, task, err);
    return;
  }
  const submittedAt = ctx.now();
  const submittedMono = ctx.mono();
  const entry = {
    taskId: task.id,
    remoteId: result.remoteId,
    idempotencyKey: task.idempotencyKey,
    submittedAt,
  };
  try {
    ctx.journal.record(entry);
  } catch (err) {
    // The database write below is still tried; the journal is the net under it.
    ctx.internalError(task.id, err, 'writing the recovery journal');
  }
  const written = await ctx.persist('remote id', task.id, () =>
    store.tasks.setSubmitted(task.id, {
      remoteId: result.remoteId,
      provider: task.provider,
      model: task.model,
      state: 'submitted',
      submittedAt,
    }),
  );
  if (!written.ok) {
    // The database would not take it before the deadline (or we are closing): the journal
    // holds the remote id, and the next start writes it before anything else runs.
    ctx.internalError(task.id, written.error, 'writing the remote id (left to the journal)');
    return;
  }
  ctx.forgetRetries(task.id);
  // Not applied: another process drives now (the lease was taken over) or moved the task; the
  // journal keeps the id for whoever starts next. Unless the journal itself wrote this very id
  // meanwhile (a recovery ran while the write was retried): then it is ours to watch.
  const landed = written.value || ctx.store.tasks.get(task.id)?.remoteId === result.remoteId;
  if (!landed) return;
  ctx.journal.settled(task.id);
  ctx.taskChanged(task.id);
  ctx.watch(task.id, {
    t0: submittedAt,
    monoT0: submittedMono,
    learn: true,
    status: result.status,
  });
}

function handleBeforeSubmit(ctx: RunnerContext, task: Task, err: unknown): void {
  if (!isProviderError(err)) {
    ctx.move(task.id, ['queued'], 'failed', {
      errorCode: 'internal_error',
      errorMessage: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  ctx.batches.uncharge(task.id);
  if (err.code === 'aborted') return;
  if (ACCOUNT_CODES.has(err.code)) {
    ctx.batches.pause(task.batchId, err.message);
    return;
  }
  if (err.retryable && ctx.deferRetry(task.id, MAX_SUBMIT_RETRIES, retryDelay)) return;
  ctx.move(task.id, ['queued'], 'failed', {
    errorCode: err.code === 'bad_request' ? 'upload_failed' : err.code,
    errorMessage: err.message,
    // Nothing was billed for this attempt; earlier attempts keep their cost.
    actualCost: addCost(task.actualCost, 0),
  });
}

function handleSubmitError(ctx: RunnerContext, task: Task, err: unknown): void {
  if (!isProviderError(err)) {
    // A bug after the request may have left: the outcome is unknown, never resend blindly.
    ctx.move(task.id, ['submitting'], 'unknown', {
      errorCode: 'submit_outcome_unknown',
      errorMessage: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  const e: ProviderError = err;
  if (e.code === 'aborted') return; // closing: resume decides.
  if (e.code === 'submit_outcome_unknown') {
    ctx.move(task.id, ['submitting'], 'unknown', {
      errorCode: 'submit_outcome_unknown',
      errorMessage: e.message,
    });
    return;
  }
  // The provider did not take it: back to the queue with the same key (the store's gate ends
  // it instead when the batch was canceled meanwhile).
  const requeue = (): boolean => ctx.move(task.id, ['submitting'], 'queued', {});
  if (ACCOUNT_CODES.has(e.code)) {
    requeue();
    ctx.batches.pause(task.batchId, e.message);
    return;
  }
  if (e.retryable) {
    // Rate limits are handled by the gate's shared backoff; other transient errors per task.
    const deferred =
      e.code === 'rate_limited' || ctx.deferRetry(task.id, MAX_SUBMIT_RETRIES, retryDelay);
    if (deferred) {
      requeue();
      return;
    }
  }
  ctx.move(task.id, ['submitting'], 'failed', {
    errorCode: e.code,
    errorMessage: e.message,
    // Nothing was billed for this attempt; earlier attempts keep their cost.
    actualCost: addCost(task.actualCost, 0),
  });
}
