// One submit: validate and host the images (still queued), persist `submitting`, send with the
// stored idempotency key, and write the remote id the moment the answer arrives. Every way it
// can fail leaves the task in a state that says what is known.
import { prepareSubmit } from '../providers/submit';
import { isProviderError } from '../http';
import type { ProviderError } from '../http';
import type { Task } from '../store/types';
import { addCost } from './finish';
import type { Runner } from './runner';

/** Failures that concern the account, not the task: the batch pauses for the user. */
const ACCOUNT_CODES = new Set(['bad_key', 'no_balance', 'forbidden']);
/** Network-level retries of one task before it is marked failed. */
const MAX_SUBMIT_RETRIES = 5;

function retryDelay(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** attempt);
}

export async function submitTask(r: Runner, task: Task): Promise<void> {
  const { store } = r;
  const client = r.client(task.provider);
  if (client === undefined) {
    r.releaseSlot(task.provider, task.batchId);
    r.pauseBatch(task.batchId, r.notConfigured(task.provider));
    return;
  }
  let prepared;
  try {
    prepared = await prepareSubmit(task.provider, task.model, task.params, r.resolveContext());
  } catch (err) {
    // Upload failures: nothing was submitted, the task is still queued.
    r.releaseSlot(task.provider, task.batchId);
    handleBeforeSubmit(r, task, err);
    return;
  }
  if (!prepared.ok) {
    r.releaseSlot(task.provider, task.batchId);
    const message = prepared.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    r.move(task.id, ['queued'], 'failed', {
      errorCode: 'invalid_input',
      errorMessage: message,
      // Nothing was billed for this attempt; earlier attempts keep their cost.
      actualCost: addCost(task.actualCost, 0),
    });
    return;
  }
  // A pause (or cancel) that came while the images were uploading is honoured: nothing paid
  // leaves for a batch that is no longer active. The task stays queued for resume.
  if (store.batches.get(task.batchId)?.status !== 'active') {
    r.batches.uncharge(task.id);
    r.releaseSlot(task.provider, task.batchId);
    return;
  }
  // Persisted BEFORE the request leaves: a crash from here on is resolved by resume.
  if (!r.move(task.id, ['queued'], 'submitting', { errorCode: null, errorMessage: null })) {
    r.releaseSlot(task.provider, task.batchId);
    return;
  }
  let result;
  try {
    result = await client.submit(
      { model: task.model, input: prepared.input, idempotencyKey: task.idempotencyKey },
      r.signal,
    );
  } catch (err) {
    r.releaseSlot(task.provider, task.batchId);
    handleSubmitError(r, task, err);
    return;
  }
  const now = r.now();
  // Remote id + provider + model, in one statement, before anything else.
  const applied = store.tasks.setSubmitted(task.id, {
    remoteId: result.remoteId,
    provider: task.provider,
    model: task.model,
    state: 'submitted',
    submittedAt: now,
  });
  r.forgetRetries(task.id);
  if (!applied) {
    r.releaseSlot(task.provider, task.batchId);
    return;
  }
  r.taskChanged(task.id);
  r.startFlight(task.id, { t0: now, learn: true, status: result.status });
}

function handleBeforeSubmit(r: Runner, task: Task, err: unknown): void {
  if (!isProviderError(err)) {
    r.move(task.id, ['queued'], 'failed', {
      errorCode: 'internal_error',
      errorMessage: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  if (err.code === 'aborted') return;
  if (ACCOUNT_CODES.has(err.code)) {
    r.pauseBatch(task.batchId, err.message);
    return;
  }
  if (err.retryable && r.deferRetry(task.id, MAX_SUBMIT_RETRIES, retryDelay)) return;
  r.move(task.id, ['queued'], 'failed', {
    errorCode: err.code === 'bad_request' ? 'upload_failed' : err.code,
    errorMessage: err.message,
    // Nothing was billed for this attempt; earlier attempts keep their cost.
    actualCost: addCost(task.actualCost, 0),
  });
}

function handleSubmitError(r: Runner, task: Task, err: unknown): void {
  if (!isProviderError(err)) {
    // A bug after the request may have left: the outcome is unknown, never resend blindly.
    r.move(task.id, ['submitting'], 'unknown', {
      errorCode: 'submit_outcome_unknown',
      errorMessage: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  const e: ProviderError = err;
  if (e.code === 'aborted') return; // closing: resume decides.
  if (e.code === 'submit_outcome_unknown') {
    r.move(task.id, ['submitting'], 'unknown', {
      errorCode: 'submit_outcome_unknown',
      errorMessage: e.message,
    });
    return;
  }
  // The provider did not take it: back to the queue with the same key.
  const requeue = (): boolean => r.move(task.id, ['submitting'], 'queued', {});
  if (ACCOUNT_CODES.has(e.code)) {
    requeue();
    r.pauseBatch(task.batchId, e.message);
    return;
  }
  if (e.retryable) {
    // Rate limits are handled by the gate's shared backoff; other transient errors per task.
    const deferred =
      e.code === 'rate_limited' || r.deferRetry(task.id, MAX_SUBMIT_RETRIES, retryDelay);
    if (deferred) {
      requeue();
      return;
    }
  }
  r.move(task.id, ['submitting'], 'failed', {
    errorCode: e.code,
    errorMessage: e.message,
    // Nothing was billed for this attempt; earlier attempts keep their cost.
    actualCost: addCost(task.actualCost, 0),
  });
}
