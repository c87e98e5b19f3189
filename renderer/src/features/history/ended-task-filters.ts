// Which failed or canceled tasks History's filters ask for: plain functions, no store.
import type { BatchSummary, TaskView } from '../../../../shared/ipc/views';
import { dayStart } from './selectors';
import type { HistoryFilters } from './selectors';

export type EndedStatus = 'failed' | 'canceled';

/** At most this many tasks are listed; the header says when there are more. */
export const MAX_ENDED = 500;

export interface EndedTask extends TaskView {
  batchName: string;
  currency: BatchSummary['currency'];
}

export function endedStatusOf(filters: HistoryFilters): EndedStatus | null {
  return filters.status === 'failed' || filters.status === 'canceled' ? filters.status : null;
}

/** Batches that can hold matching tasks, newest first. */
export function batchesToScan(
  batches: readonly BatchSummary[],
  filters: HistoryFilters,
  status: EndedStatus,
): BatchSummary[] {
  return batches
    .filter(
      (batch) =>
        (batch.counts[status] ?? 0) > 0 &&
        (filters.provider === '' || batch.provider === filters.provider) &&
        (filters.model === '' || batch.model === filters.model) &&
        (filters.batchId === '' || batch.id === filters.batchId),
    )
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** The search box's words all appear in the prompt or the batch name (any case); dates hold. */
export function taskMatches(task: EndedTask, filters: HistoryFilters): boolean {
  const words = filters.text.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${task.prompt} ${task.batchName}`.toLowerCase();
  if (!words.every((word) => haystack.includes(word))) return false;
  const at = task.finishedAt ?? task.updatedAt;
  const from = dayStart(filters.from);
  const to = dayStart(filters.to);
  if (from !== null && at < from) return false;
  if (to !== null && at >= to + 86_400_000) return false;
  return true;
}

/** Which batches' counts the list depends on: it is read again only when one of them moves. */
export function scanKey(batches: readonly BatchSummary[], status: EndedStatus | null): string {
  if (status === null) return '';
  return batches.map((batch) => `${batch.id}:${batch.counts[status] ?? 0}`).join(',');
}
