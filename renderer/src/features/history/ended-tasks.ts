// Tasks that ended without an output (failed or canceled) for History's status filter: the
// history query lists outputs and such tasks have none, so main answers them apart
// (history.tasks), with the same filters as the gallery.
import { create } from 'zustand';
import { request } from '../../lib/request';
import { endedStatusOf, endedTasksInput } from './ended-task-filters';
import type { EndedTask } from './ended-task-filters';
import type { HistoryFilters } from './selectors';

interface EndedTasksState {
  items: EndedTask[];
  /** How many match in all (more than are listed when above MAX_ENDED). */
  total: number;
  loading: boolean;
  error: string | null;
  load: (filters: HistoryFilters) => Promise<void>;
}

let generation = 0;

export const useEndedTasks = create<EndedTasksState>()((set) => ({
  items: [],
  total: 0,
  loading: false,
  error: null,
  load: async (filters) => {
    const mine = ++generation;
    const status = endedStatusOf(filters);
    if (status === null) {
      set({ items: [], total: 0, loading: false, error: null });
      return;
    }
    set({ loading: true, error: null });
    const result = await request('history.tasks', endedTasksInput(filters, status));
    if (mine !== generation) return;
    if (!result.ok) {
      set({ loading: false, error: result.message });
      return;
    }
    set({ items: result.value.items, total: result.value.total, loading: false });
  },
}));
