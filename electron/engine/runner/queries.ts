// Read models for the facade: a batch with its counts, spend and ETA; an output with its task,
// batch and lineage. Plain functions over the store, so every shell shows the same figures.
import type { Currency } from '../../../shared/catalog/types';
import type { Store } from '../store/index';
import type { Batch, Lineage, Output, StateCounts, Task } from '../store/types';
import type { Scheduler } from './scheduler';

export interface BatchSummary {
  batch: Batch;
  counts: StateCounts;
  tasks: number;
  spend: { estimated: number | null; actual: number; currency: Currency };
  /** Expected finish (Unix ms); null when finished or nothing is known about latency yet. */
  eta: number | null;
}

export interface OutputDetails {
  output: Output;
  task: Task;
  batch: Batch;
  lineage: Lineage | null;
}

/** Mean submit-to-finish time of the batch's recent successes, in ms. */
function meanLatency(store: Store, batchId: string): number | null {
  const done = store.tasks
    .listByBatch(batchId, { states: ['succeeded', 'downloading'], limit: 200 })
    .filter((t) => t.submittedAt !== null && t.finishedAt !== null);
  if (done.length === 0) return null;
  const total = done.reduce((sum, t) => sum + ((t.finishedAt ?? 0) - (t.submittedAt ?? 0)), 0);
  return Math.max(0, total / done.length);
}

export function batchSummary(
  store: Store,
  scheduler: Scheduler,
  batch: Batch,
  now: number,
): BatchSummary {
  const counts = store.tasks.countsByState(batch.id);
  const tasks = Object.values(counts).reduce((a, b) => a + b, 0);
  const costs = store.tasks.costSummary(batch.id);
  const actual = Math.round(costs.reduce((sum, c) => sum + c.actual, 0) * 10000) / 10000;
  const remoteLeft = counts.submitting + counts.submitted + counts.running;
  let eta: number | null = null;
  if (batch.status === 'active' && counts.queued + remoteLeft > 0) {
    const latency = meanLatency(store, batch.id);
    if (latency !== null) {
      const slots = Math.max(1, scheduler.gate(batch.provider).effectiveLimit);
      // Tasks in flight finish in about half a latency on average; queued ones go in waves.
      eta = Math.round(now + latency / 2 + Math.ceil(counts.queued / slots) * latency);
    }
  }
  return {
    batch,
    counts,
    tasks,
    spend: { estimated: batch.estimatedCost, actual, currency: batch.currency },
    eta,
  };
}

export function outputDetails(store: Store, outputId: number): OutputDetails | undefined {
  const output = store.outputs.get(outputId);
  const task = output && store.tasks.get(output.taskId);
  const batch = task && store.batches.get(task.batchId);
  if (output === undefined || task === undefined || batch === undefined) return undefined;
  return {
    output,
    task,
    batch,
    lineage: output.sha256 === null ? null : store.history.lineage(output.sha256),
  };
}
