// Tasks that ended without an output (failed or canceled) for History's status filter. The
// history query lists outputs, and such tasks have none; until main offers one query for them
// (see the report of issue 10), they are read per batch through task.list, only from batches
// whose counts say they hold some, and filtered here like the gallery is.
import { create } from 'zustand';
import type { BatchSummary } from '../../../../shared/ipc/views';
import { request } from '../../lib/request';
import { MAX_ENDED, batchesToScan, endedStatusOf, taskMatches } from './ended-task-filters';
import type { EndedTask } from './ended-task-filters';
import type { HistoryFilters } from './selectors';

/** task.list's largest page. */
const PAGE = 1000;

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
