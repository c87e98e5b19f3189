// Which failed or canceled tasks History's filters ask for (history.tasks): plain functions.
import type { Input } from '../../../../shared/ipc/contract';
import type { BatchSummary, EndedTask } from '../../../../shared/ipc/views';
import { filterInput } from './selectors';
import type { HistoryFilters } from './selectors';

export type { EndedTask } from '../../../../shared/ipc/views';
export type EndedStatus = EndedTask['state'];

/** At most this many tasks are listed (history.tasks' largest page); the header says so. */
export const MAX_ENDED = 500;

export function endedStatusOf(filters: HistoryFilters): EndedStatus | null {
  return filters.status === 'failed' || filters.status === 'canceled' ? filters.status : null;
}

/** The history.tasks query for these filters: the same text, provider, model, batch and days. */
export function endedTasksInput(
  filters: HistoryFilters,
  status: EndedStatus,
): Input<'history.tasks'> {
  const { text, provider, model, batchId, from, to } = filterInput(filters);
  return {
    states: [status],
    ...(text !== undefined ? { text } : {}),
    ...(provider !== undefined ? { provider } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(batchId !== undefined ? { batchId } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    limit: MAX_ENDED,
  };
}

/** How many tasks of this state the batches hold: the list is read again when it moves. */
export function endedCount(batches: readonly BatchSummary[], status: EndedStatus | null): number {
  if (status === null) return 0;
  return batches.reduce((sum, batch) => sum + (batch.counts[status] ?? 0), 0);
}
