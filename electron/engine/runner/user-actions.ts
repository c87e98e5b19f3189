// The user's decisions: move tasks back to the queue (retry, resubmit) or out of it (cancel,
// drop). Each goes through the store's gate; none pays twice for a remote task that may still
// finish: a timed-out task is watched again, a task whose paid result failed to download is
// downloaded again, a task the provider stopped answering about is checked on first.
import type { Task } from '../store/types';
import { REDOWNLOADABLE_CODES } from './deliver';
import { newIdempotencyKey } from './keys';
import type { RecoverHost } from './recover';

/**
 * Failed tasks go back to the queue as a new attempt, with a new idempotency key. A task that
 * only timed out is different: its remote task may still finish and be billed, so a retry
 * watches that same remote task again (for another full timeout) instead of paying twice.
 */
export function retryFailed(r: RecoverHost, batchId: string): number {
  const failed = r.store.tasks.listByBatch(batchId, { states: ['failed'] });
  if (failed.length === 0) return 0;
  // Retrying in a canceled batch is the user's explicit choice for these tasks: the batch
  // opens again for them (its canceled tasks stay canceled), so the retries run.
  reopen(r, batchId, 'retry failed');
  let moved = 0;
  for (const task of failed) {
    const ok =
      task.errorCode === 'timeout' && task.remoteId !== null
        ? watchAgain(r, task)
        : REDOWNLOADABLE_CODES.has(task.errorCode ?? '')
          ? downloadAgain(r, task)
          : requeueAttempt(r, task);
    if (ok) {
      moved++;
      r.forgetRetries(task.id);
      r.taskChanged(task.id);
    }
  }
  if (moved > 0) r.batches.kick();
  return moved;
}

function watchAgain(r: RecoverHost, task: Task): boolean {
  const ok = r.store.tasks.transition(
    task.id,
    ['failed'],
    'running',
    { errorCode: null, errorMessage: null, finishedAt: null },
    { rewatch: true, remoteId: task.remoteId },
  );
  if (ok) r.trackRemote({ ...task, state: 'running' }, { watchFrom: r.now() });
  return ok;
}

/**
 * A task whose result was paid for but could not be saved (a network error, a full disk, a
 * folder that was not writable): its failed files are downloaded again from the result links
 * already recorded. Nothing is submitted, nothing is paid again. When no link is left to try,
 * the task is a new attempt after all.
 */
function downloadAgain(r: RecoverHost, task: Task): boolean {
  const ok = r.store.transaction(() => {
    const rearmed = r.store.outputs
      .listByTask(task.id)
      .filter((o) => o.state === 'failed')
      .map((o) => r.store.outputs.rearm(o.id))
      .some(Boolean);
    if (!rearmed) return false;
    return r.store.tasks.transition(
      task.id,
      ['failed'],
      'downloading',
      { errorCode: null, errorMessage: null },
      { redownload: true },
    );
  });
  if (!ok) return requeueAttempt(r, task);
  r.startDelivery(task.id);
  return true;
}

function requeueAttempt(r: RecoverHost, task: Task): boolean {
  // A new attempt is a new paid request: PoYo would answer an old key with the old (failed)
  // task. The key is written by the same guarded statement that requeues the task. What the
  // earlier attempts cost stays in actual_cost (the next attempt adds to it), and the
  // earlier remote task stays on record in the event log.
  const previous = {
    remoteId: task.remoteId,
    idempotencyKey: task.idempotencyKey,
    errorCode: task.errorCode,
    actualCost: task.actualCost,
  };
  const ok = r.store.tasks.transition(
    task.id,
    ['failed'],
    'queued',
    {
      errorCode: null,
      errorMessage: null,
      remoteId: null,
      finishedAt: null,
      submittedAt: null,
      nextPollAt: null,
      idempotencyKey: newIdempotencyKey(),
      incrementAttempts: true,
    },
    { retry: true, previous },
  );
  if (ok) {
    // The failed files of the old attempt no longer decide how the new one ends.
    for (const o of r.store.outputs.listByTask(task.id)) {
      if (o.state !== 'pending' && o.state !== 'failed') continue;
      r.store.outputs.markEnded(
        o.id,
        'superseded',
        `a retry replaced this attempt (${o.error ?? 'not downloaded'})`,
      );
    }
  }
  return ok;
}

/** The user's answer for a task whose submit outcome is unknown. */
export function resolveUnknown(
  r: RecoverHost,
  taskId: string,
  action: 'resubmit' | 'drop',
): boolean {
  const task = r.store.tasks.get(taskId);
  if (task === undefined || task.state !== 'unknown' || r.isBusy(taskId)) return false;
  if (action === 'drop') {
    return r.move(taskId, ['unknown'], 'canceled', {
      errorCode: 'dropped',
      errorMessage: 'dropped by the user after an unknown outcome',
    });
  }
  // Resubmitting in a canceled batch is the user's explicit choice for this one task: the
  // batch runs again for it (its other tasks are canceled and stay so: none is queued).
  reopen(r, task.batchId, 'resubmit');
  if (task.remoteId !== null) {
    // The provider had a task for it and stopped answering: check on that task first; only
    // when the provider still does not know it does a new attempt go out (see poll.ts).
    r.trackRemote(task, { reconcile: true });
    r.taskChanged(taskId);
    return true;
  }
  // The same key: harmless for providers that ignore it, and deduplicating for PoYo.
  const ok = r.move(taskId, ['unknown'], 'queued', { errorCode: null, errorMessage: null });
  if (ok) r.batches.activate(task.batchId);
  return ok;
}

/** An explicit user action on some tasks opens their batch again (canceled or done). */
function reopen(r: RecoverHost, batchId: string, why: string): void {
  const batch = r.store.batches.get(batchId);
  if (batch?.status === 'done' || batch?.status === 'canceled') {
    r.store.transaction(() => {
      r.store.batches.setStatus(batchId, 'active');
      r.store.events.append({ kind: 'batch.reopened', batchId, data: { by: why } });
    });
  }
  if (r.store.batches.get(batchId)?.status === 'active') r.batches.activate(batchId);
}

export function cancelBatch(r: RecoverHost, batchId: string): number {
  const batch = r.store.batches.get(batchId);
  if (batch === undefined || batch.status === 'canceled' || batch.status === 'done') return 0;
  r.batches.deactivate(batchId);
  // One transaction: the mark and every queued task, so no submit slips in between (a submit
  // already out that comes back refused is ended by the store's gate, not requeued).
  const n = r.store.transaction(() => {
    r.store.batches.setStatus(batchId, 'canceled');
    // Queued and unknown tasks end here; tasks a provider is already working on are paid
    // for, so they run to the end and their files are still downloaded.
    return (
      r.store.tasks.transitionBatch(batchId, ['queued'], 'canceled', {
        errorCode: 'canceled',
        errorMessage: 'the batch was canceled before this task was submitted',
      }) +
      // Only unknown submits: a task holding a remote id may have been made (and paid for);
      // it stays to be checked on and collected.
      r.store.tasks
        .listByBatch(batchId, { states: ['unknown'] })
        .filter((t) => t.remoteId === null)
        .filter((t) =>
          r.store.tasks.transition(t.id, ['unknown'], 'canceled', {
            errorCode: 'canceled',
            errorMessage: 'the batch was canceled while this submit outcome was unknown',
          }),
        ).length
    );
  });
  r.store.events.append({ kind: 'batch.canceled', batchId, data: { canceled: n } });
  r.batches.changed(batchId, 'canceled by the user');
  return n;
}
