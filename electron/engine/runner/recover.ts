// Start-up and the user's decisions: pick up every task a previous run left in flight, and
// move tasks back to the queue (retry, resubmit) or out of it (cancel, drop). A task that may
// already exist at a provider without idempotency is never resubmitted without the user.
import type { ProviderId } from '../../../shared/catalog/types';
import type { Task } from '../store/types';
import type { RunnerContext } from './context';
import { REDOWNLOADABLE_CODES } from './deliver';
import { newIdempotencyKey } from './keys';

/** What recovery and the user's decisions need of the runner beyond the steps' context. */
export interface RecoverHost extends RunnerContext {
  readonly batches: RunnerContext['batches'] & {
    activate(batchId: string): void;
    deactivate(batchId: string): void;
  };
  isBusy(taskId: string): boolean;
  trackRemote(task: Task, opts?: { watchFrom?: number; reconcile?: boolean }): void;
}

export { newIdempotencyKey };

/** Providers whose submit honours an idempotency key (a repeat cannot create a second task). */
export const IDEMPOTENT_PROVIDERS: ReadonlySet<ProviderId> = new Set(['poyo']);

export interface ResumeReport {
  /** Tasks whose polling or download was picked up. */
  resumed: number;
  /** Submits retried with their stored idempotency key (PoYo) or resubmitted on request. */
  requeued: number;
  /** Tasks whose submit outcome is unknown, waiting for the user. */
  unknown: number;
  /** Batches being driven. */
  batches: string[];
}

function idempotent(r: RecoverHost, provider: ProviderId): boolean {
  return r.client(provider)?.idempotentSubmit ?? IDEMPOTENT_PROVIDERS.has(provider);
}

const UNKNOWN_MESSAGE =
  'Genloom stopped while this submit was in flight, so the provider may or may not have created the task. It was not sent again (no double charge): check the provider dashboard, then resubmit it (CLI: resume --resubmit-unknown) or drop it.';

const CANCELED_UNKNOWN = {
  errorCode: 'submit_outcome_unknown',
  errorMessage:
    'This submit was in flight when Genloom stopped, and the batch was canceled since, so it was not sent again. The provider may have created the task: resubmit to pick up its result (PoYo finds it by the same key), or drop it.',
};

export function recover(r: RecoverHost, opts: { resubmitUnknown: boolean }): ResumeReport {
  const report: ResumeReport = { resumed: 0, requeued: 0, unknown: 0, batches: [] };
  // First what a previous run could only write to the journal: remote ids its database write
  // never landed for. Without them an APIXO task would look `unknown` (pay again or lose it).
  r.journal.replay(r.store);
  for (const task of r.store.tasks.listActive()) {
    if (r.isBusy(task.id)) continue;
    recoverTask(r, task, opts, report);
  }
  for (const batch of r.store.batches.list({ statuses: ['active'] })) {
    r.batches.activate(batch.id);
    report.batches.push(batch.id);
  }
  r.batches.kick();
  return report;
}

function recoverTask(
  r: RecoverHost,
  task: Task,
  opts: { resubmitUnknown: boolean },
  report: ResumeReport,
): void {
  // The user canceled the batch while this submit was in flight: sending it again (even with
  // the same key, which creates the task if the first attempt never landed) would spend money
  // they stopped. It waits for them like any unknown outcome.
  const canceled = r.store.batches.get(task.batchId)?.status === 'canceled';
  if (canceled && (task.state === 'submitting' || task.state === 'unknown')) {
    if (task.state === 'unknown' || r.move(task.id, ['submitting'], 'unknown', CANCELED_UNKNOWN)) {
      report.unknown++;
    }
    return;
  }
  switch (task.state) {
    case 'submitting':
      if (idempotent(r, task.provider)) {
        // Same Idempotency-Key: if the first attempt created a task, PoYo answers with it.
        if (r.move(task.id, ['submitting'], 'queued', {})) report.requeued++;
      } else if (opts.resubmitUnknown) {
        if (r.move(task.id, ['submitting'], 'queued', {})) report.requeued++;
      } else if (
        r.move(task.id, ['submitting'], 'unknown', {
          errorCode: 'submit_outcome_unknown',
          errorMessage: UNKNOWN_MESSAGE,
        })
      ) {
        report.unknown++;
      }
      return;
    case 'unknown':
      if (task.remoteId !== null) {
        // The provider had stopped answering about this task: it may have finished since. A
        // status check costs nothing, so every start checks again (a finished task is
        // collected; one still not answering waits for the user again after its deadline).
        // Only the user's resubmit may send a new, paid attempt when the provider does not
        // know the task at all.
        r.trackRemote(task, { reconcile: opts.resubmitUnknown });
        report.resumed++;
      } else if (opts.resubmitUnknown || idempotent(r, task.provider)) {
        if (r.move(task.id, ['unknown'], 'queued', { errorCode: null, errorMessage: null })) {
          report.requeued++;
        }
      } else {
        report.unknown++;
      }
      return;
    case 'submitted':
    case 'running':
      if (task.remoteId !== null) {
        r.trackRemote(task);
        report.resumed++;
      }
      return;
    case 'downloading':
      r.startDelivery(task.id);
      report.resumed++;
      return;
    default:
      return;
  }
}

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

/**
 * After a pause (a refused key, a missing key): the batch's tasks the provider is working on
 * are watched again and finished ones downloaded. Nothing is submitted again.
 */
export function adoptBatch(r: RecoverHost, batchId: string): number {
  let n = 0;
  for (const task of r.store.tasks.listByBatch(batchId, {
    states: ['submitted', 'running', 'downloading'],
  })) {
    if (r.isBusy(task.id)) continue;
    if (task.state === 'downloading') r.startDelivery(task.id);
    else if (task.remoteId !== null) r.trackRemote(task);
    else continue;
    n++;
  }
  return n;
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
      r.store.tasks.transitionBatch(batchId, ['unknown'], 'canceled', {
        errorCode: 'canceled',
        errorMessage: 'the batch was canceled while this outcome was unknown',
      })
    );
  });
  r.store.events.append({ kind: 'batch.canceled', batchId, data: { canceled: n } });
  r.batches.changed(batchId, 'canceled by the user');
  return n;
}
