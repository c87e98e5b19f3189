// The queue: a cache of batch summaries and of the task pages the user opened, kept current by
// main's batch.updated and task.updated events. Actions ask main; main's answer is the truth.
import { create } from 'zustand';
import type { BatchSummary, TaskView } from '../../../../shared/ipc/views';
import { request } from '../../lib/request';
import type { EventPayload } from '../../lib/request';
import { omit } from '../../lib/records';
import { toast } from '../../components/toast-store';
import { clearMark, readClearedAt, writeClearedAt } from './cleared';
import { mergeTaskUpdates, upsertBatches } from './selectors';
import type { TaskStateName } from './selectors';

export const TASK_PAGE = 200;

export interface TaskPage {
  items: TaskView[];
  total: number;
  filter: TaskStateName[] | null;
  loading: boolean;
  error: string | null;
}

interface QueueState {
  batches: Record<string, BatchSummary>;
  loaded: boolean;
  error: string | null;
  expanded: string | null;
  tasks: Record<string, TaskPage>;
  /** Actions in flight, by "batchId:action" or "taskId:action", to show spinners. */
  busy: Record<string, true>;
  load: () => Promise<void>;
  expand: (batchId: string | null) => void;
  loadTasks: (batchId: string, filter?: TaskStateName[] | null, more?: boolean) => Promise<void>;
  onBatchUpdated: (payload: EventPayload<'batch.updated'>) => void;
  onTaskUpdated: (payload: EventPayload<'task.updated'>) => void;
  act: (batchId: string, action: 'pause' | 'resume' | 'cancel' | 'retryFailed') => Promise<void>;
  resolveUnknown: (taskId: string, batchId: string, action: 'resubmit' | 'drop') => Promise<void>;
  /** Finished batches updated at or before this (main's time) are hidden from the queue. */
  clearedAt: number;
  /** The home the mark is kept for (read when the app learns it). */
  home: string | null;
  setHome: (home: string) => void;
  /** Hides every finished batch from the queue view; History keeps them. */
  clearFinished: () => void;
  /** Shows the hidden finished batches again. */
  showCleared: () => void;
}

export const useQueue = create<QueueState>()((set, get) => ({
  batches: {},
  loaded: false,
  error: null,
  expanded: null,
  tasks: {},
  busy: {},
  clearedAt: 0,
  home: null,

  setHome: (home) => set({ home, clearedAt: readClearedAt(home) }),
  clearFinished: () => {
    const { batches, clearedAt, home } = get();
    const mark = clearMark(Object.values(batches), clearedAt);
    if (home !== null) writeClearedAt(home, mark);
    set({ clearedAt: mark });
  },
  showCleared: () => {
    const home = get().home;
    if (home !== null) writeClearedAt(home, 0);
    set({ clearedAt: 0 });
  },

  load: async () => {
    const result = await request('batch.list', { limit: 500 });
    if (!result.ok) {
      set({ error: result.message, loaded: true });
      return;
    }
    set((state) => ({
      batches: upsertBatches(state.batches, result.value.batches),
      loaded: true,
      error: null,
    }));
  },

  expand: (batchId) => {
    set({ expanded: batchId });
    if (batchId !== null && get().tasks[batchId] === undefined) void get().loadTasks(batchId);
  },

  loadTasks: async (batchId, filter, more = false) => {
    const current = get().tasks[batchId];
    const useFilter = filter === undefined ? (current?.filter ?? null) : filter;
    const offset = more && current ? current.items.length : 0;
    set((state) => ({
      tasks: {
        ...state.tasks,
        [batchId]: {
          // Read again with the same filter: the rows stay on screen until the answer.
          items: current && (more || current.filter === useFilter) ? current.items : [],
          total: current?.total ?? 0,
          filter: useFilter,
          loading: true,
          error: null,
        },
      },
    }));
    const result = await request('task.list', {
      batchId,
      limit: TASK_PAGE,
      offset,
      ...(useFilter ? { states: useFilter } : {}),
    });
    set((state) => {
      const page = state.tasks[batchId];
      if (page === undefined) return state;
      if (!result.ok) {
        return {
          tasks: { ...state.tasks, [batchId]: { ...page, loading: false, error: result.message } },
        };
      }
      const items = more ? [...page.items, ...result.value.tasks] : result.value.tasks;
      return {
        tasks: {
          ...state.tasks,
          [batchId]: { ...page, items, total: result.value.total, loading: false, error: null },
        },
      };
    });
  },

  onBatchUpdated: ({ batches }) => {
    const before = get().batches;
    set((state) => ({ batches: upsertBatches(state.batches, batches) }));
    for (const batch of batches) {
      const old = before[batch.id];
      if (old && old.status !== 'done' && batch.status === 'done') {
        toast('ok', `Batch finished: ${batch.name || batch.model}`);
      }
    }
  },

  onTaskUpdated: ({ tasks: updates }) => {
    set((state) => {
      let changed = false;
      const next = { ...state.tasks };
      for (const [batchId, page] of Object.entries(state.tasks)) {
        const mine = updates
          .filter((update) => update.batchId === batchId)
          .map((update) => ({ ...update, id: update.taskId }));
        if (mine.length === 0) continue;
        const items = mergeTaskUpdates(page.items, mine);
        if (items !== page.items) {
          next[batchId] = { ...page, items };
          changed = true;
        }
      }
      return changed ? { tasks: next } : state;
    });
  },

  act: async (batchId, action) => {
    const key = `${batchId}:${action}`;
    set((state) => ({ busy: { ...state.busy, [key]: true } }));
    const channel = `batch.${action}` as const;
    const result = await request(channel, { batchId });
    set((state) => ({ busy: omit(state.busy, key) }));
    if (!result.ok) {
      toast('danger', 'That did not work', result.message);
      return;
    }
    const summary = 'batch' in result.value ? result.value.batch : result.value;
    set((state) => ({ batches: upsertBatches(state.batches, [summary]) }));
    if ('retried' in result.value) {
      toast(
        'info',
        result.value.retried === 0
          ? 'No failed tasks to retry'
          : `Retrying ${result.value.retried} failed tasks`,
      );
    }
    if (get().tasks[batchId] !== undefined) void get().loadTasks(batchId);
  },

  resolveUnknown: async (taskId, batchId, action) => {
    const key = `${taskId}:${action}`;
    set((state) => ({ busy: { ...state.busy, [key]: true } }));
    const result = await request('task.resolveUnknown', { taskId, action });
    set((state) => {
      const busy = omit(state.busy, key);
      const page = state.tasks[batchId];
      if (!result.ok || page === undefined) return { busy };
      return {
        busy,
        tasks: {
          ...state.tasks,
          [batchId]: {
            ...page,
            items: page.items.map((t) => (t.id === taskId ? result.value : t)),
          },
        },
      };
    });
    if (!result.ok) toast('danger', 'That did not work', result.message);
  },
}));
