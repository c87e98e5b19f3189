// Tasks that ended without an output (failed or canceled) for History's status filter. The
// history query lists outputs, and such tasks have none; until main offers one query for them
// (see the report of issue 10), they are read per batch through task.list, only from batches
// whose counts say they hold some, and filtered here like the gallery is.
import { create } from 'zustand';
import type { BatchSummary, TaskView } from '../../../../shared/ipc/views';
import { request } from '../../lib/request';
import { dayStart } from './selectors';
import type { HistoryFilters } from './selectors';

export type EndedStatus = 'failed' | 'canceled';

/** At most this many tasks are listed; the header says when there are more. */
export const MAX_ENDED = 500;
/** task.list's largest page. */
const PAGE = 1000;

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

interface EndedTasksState {
  items: EndedTask[];
  /** More matched than MAX_ENDED. */
  truncated: boolean;
  loading: boolean;
  error: string | null;
  load: (filters: HistoryFilters, batches: readonly BatchSummary[]) => Promise<void>;
}

let generation = 0;

export const useEndedTasks = create<EndedTasksState>()((set) => ({
  items: [],
  truncated: false,
  loading: false,
  error: null,
  load: async (filters, batches) => {
    const mine = ++generation;
    const status = endedStatusOf(filters);
    if (status === null) {
      set({ items: [], truncated: false, loading: false, error: null });
      return;
    }
    set({ loading: true, error: null });
    const items: EndedTask[] = [];
    let truncated = false;
    for (const batch of batchesToScan(batches, filters, status)) {
      const result = await request('task.list', {
        batchId: batch.id,
        states: [status],
        limit: PAGE,
      });
      if (mine !== generation) return;
      if (!result.ok) {
        set({ loading: false, error: result.message });
        return;
      }
      const named = result.value.tasks.map((task) => ({
        ...task,
        batchName: batch.name || batch.model,
        currency: batch.currency,
      }));
      items.push(...named.filter((task) => taskMatches(task, filters)));
      if (items.length > MAX_ENDED || result.value.total > PAGE) truncated = true;
      if (items.length > MAX_ENDED) break;
    }
    items.sort((a, b) => (b.finishedAt ?? b.updatedAt) - (a.finishedAt ?? a.updatedAt));
    set({ items: items.slice(0, MAX_ENDED), truncated, loading: false });
  },
}));
