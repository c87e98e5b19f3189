// A remote task reached its end: record outputs and the settled cost in one transaction
// (so a crash cannot leave a finished task without its result URLs), then download at once;
// or record the failure, with what the provider says it cost.
import type { TaskStatus } from '../providers/types';
import type { TaskState } from '../store/types';
import { roundAmount } from '../../../shared/catalog/cost';
import type { RunnerContext } from './context';
import { settleCost } from './cost';
import type { Settlement } from './cost';

/**
 * A task's actual cost is the sum over its attempts: a retry after a paid attempt (the result
 * link expired, a download failed) must not wipe what the provider already billed. null is
 * "not known"; a known part is kept as the best figure there is.
 */
export function addCost(prior: number | null, attempt: number | null): number | null {
  if (prior === null) return attempt;
  if (attempt === null) return prior;
  return roundAmount(prior + attempt);
}

/** A refused provider figure goes on the task's record, with why the estimate stood. */
function noteRejectedCharge(
  r: RunnerContext,
  taskId: string,
  batchId: string,
  cost: Settlement,
): void {
  if (cost.rejectedCharge === undefined) return;
  r.store.events.append({
    kind: 'cost.rejected',
    taskId,
    batchId,
    data: { ...cost.rejectedCharge, recorded: cost.actual, basis: cost.basis },
  });
}

/**
 * Throws when the database refuses the write: the caller keeps the task watched and asks the
 * provider again, so an end state is never known only in memory.
 */
export function finishRemote(
  r: RunnerContext,
  taskId: string,
  status: TaskStatus,
  gaveUp = false,
): void {
  if (r.closed) return;
  const task = r.store.tasks.get(taskId);
  if (task === undefined) return;
  const from: TaskState[] = ['submitting', 'submitted', 'running', 'unknown'];
  const finishedAt = 'finishedAt' in status && status.finishedAt ? status.finishedAt : r.now();
  if (status.state === 'succeeded' && status.outputs.length > 0) {
    const cost = settleCost({
      provider: task.provider,
      outcome: 'succeeded',
      estimated: task.estimatedCost,
      outputsExpected: task.outputsExpected,
      outputsDelivered: status.outputs.length,
      charged: status.charged,
    });
    const moved = r.store.transaction(() => {
      const ok = r.store.tasks.transition(taskId, from, 'downloading', {
        actualCost: addCost(task.actualCost, cost.actual),
        finishedAt,
        remoteCreatedAt: status.createdAt ?? undefined,
        errorCode: null,
        errorMessage: null,
      });
      if (ok) {
        noteRejectedCharge(r, taskId, task.batchId, cost);
        // After a retry, the earlier attempt's rows stay (a file already on disk is never
        // touched): this attempt's files come after them, so none is mistaken for one of
        // those and left undownloaded.
        const base = r.store.outputs.listByTask(taskId).reduce((n, o) => Math.max(n, o.idx + 1), 0);
        status.outputs.forEach((o, i) =>
          r.store.outputs.insert({ taskId, idx: base + i, url: o.url, type: o.type }),
        );
        if (cost.refund !== null && cost.refund > 0) {
          r.store.events.append({
            kind: 'cost.refund',
            taskId,
            batchId: task.batchId,
            data: {
              estimated: task.estimatedCost,
              actual: cost.actual,
              refund: cost.refund,
              basis: cost.basis,
            },
          });
        }
      }
      return ok;
    });
    if (!moved) return;
    r.batches.charge(task, cost.actual);
    // Delivery first: the batch counts as busy from here, never "settled" in between.
    r.startDelivery(taskId);
    r.taskChanged(taskId);
    return;
  }
  const outcome = status.state === 'canceled' ? 'canceled' : 'failed';
  // Given up on (timeout): the provider may still finish and bill it, so what it costs is not
  // known; the budget keeps counting the estimate, and the ledger does not claim zero.
  const cost: Settlement = gaveUp
    ? { actual: null, refund: null, basis: 'Genloom stopped waiting; the provider did not say' }
    : settleCost({
        provider: task.provider,
        outcome,
        estimated: task.estimatedCost,
        outputsExpected: task.outputsExpected,
        outputsDelivered: 0,
      });
  const code =
    status.state === 'failed'
      ? status.code
      : status.state === 'canceled'
        ? 'remote_canceled'
        : 'no_outputs';
  const message =
    status.state === 'failed'
      ? status.message
      : status.state === 'canceled'
        ? `${task.provider} cancelled the task`
        : `${task.provider} reported success but returned no result files`;
  const moved = r.store.transaction(() => {
    const ok = r.store.tasks.transition(taskId, from, outcome, {
      errorCode: code,
      errorMessage: message,
      actualCost: addCost(task.actualCost, cost.actual),
      finishedAt,
    });
    if (ok) noteRejectedCharge(r, taskId, task.batchId, cost);
    return ok;
  });
  if (!moved) return;
  r.batches.charge(task, cost.actual);
  r.taskChanged(taskId);
}
