// The files each task of an opened batch made, for thumbnails in its task rows: read once
// from the history (history.window by batch) and kept current by output.downloaded.
import { create } from 'zustand';
import type { HistoryItem } from '../../../../shared/ipc/views';
import { request } from '../../lib/request';
import type { EventPayload } from '../../lib/request';

export interface TaskOutput {
  outputId: number;
  path: string;
  type: HistoryItem['type'];
}

/** history.window's largest page: a batch's newest 500 outputs get thumbnails. */
const LIMIT = 500;

interface TaskOutputsState {
  /** batchId -> taskId -> outputs (by output id, oldest first). */
  byBatch: Record<string, Record<string, TaskOutput[]>>;
  load: (batchId: string) => Promise<void>;
  onDownloaded: (payload: EventPayload<'output.downloaded'>) => void;
}

function add(
  tasks: Record<string, TaskOutput[]>,
  taskId: string,
  output: TaskOutput,
): Record<string, TaskOutput[]> {
  const list = tasks[taskId] ?? [];
  if (list.some((o) => o.outputId === output.outputId)) return tasks;
  const next = [...list, output].sort((a, b) => a.outputId - b.outputId);
  return { ...tasks, [taskId]: next };
}

export const useTaskOutputs = create<TaskOutputsState>()((set) => ({
  byBatch: {},
  load: async (batchId) => {
    const result = await request('history.window', {
      batchId,
      outputState: 'done',
      offset: 0,
      limit: LIMIT,
    });
    if (!result.ok) return;
    set((state) => {
      let tasks = state.byBatch[batchId] ?? {};
      for (const item of result.value.items) {
        if (item.path === null) continue;
        tasks = add(tasks, item.taskId, {
          outputId: item.outputId,
          path: item.path,
          type: item.type,
        });
      }
      return { byBatch: { ...state.byBatch, [batchId]: tasks } };
    });
  },
  onDownloaded: ({ outputs }) =>
    set((state) => {
      let byBatch = state.byBatch;
      for (const o of outputs) {
        // Only batches whose rows are open keep outputs; the rest load when opened.
        const tasks = byBatch[o.batchId];
        if (tasks === undefined) continue;
        const output = { outputId: o.outputId, path: o.path, type: o.type };
        byBatch = { ...byBatch, [o.batchId]: add(tasks, o.taskId, output) };
      }
      return byBatch === state.byBatch ? state : { byBatch };
    }),
}));
