// Start-up: pick up every task a previous run left in flight (the journal first). A task that
// may already exist at a provider without idempotency is never resubmitted without the user.
// The user's own decisions (retry, resubmit, drop, cancel) are in user-actions.ts.
import type { ProviderId } from '../../../shared/catalog/types';
import type { Task } from '../store/types';
import type { RunnerContext } from './context';

/** What recovery and the user's decisions need of the runner beyond the steps' context. */
export interface RecoverHost extends RunnerContext {
  readonly batches: RunnerContext['batches'] & {
    activate(batchId: string): void;
    deactivate(batchId: string): void;
  };
  isBusy(taskId: string): boolean;
  trackRemote(task: Task, opts?: { watchFrom?: number; reconcile?: boolean }): void;
}

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
  // (A task holding a remote id is another matter: checking on it sends nothing, and what it
  // made is paid for, so it is checked and collected like any running task.)
  const noRemote = task.remoteId === null;
  if (canceled && noRemote && (task.state === 'submitting' || task.state === 'unknown')) {
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
