/** Builders shared by the store's tests (and usable by the runner's tests). */
import type { Store } from './index';
import type { NewBatch, NewTask, TaskPatch, TaskState } from './types';

export function newBatch(over: Partial<NewBatch> = {}): NewBatch {
  return {
    id: 'b1',
    name: 'Spring catalog',
    provider: 'poyo',
    model: 'seedream-5.0-lite',
    spec: { prompt: 'x' },
    outDir: '/tmp/out',
    template: '{batch}/{input}-{index}.{ext}',
    collision: 'suffix',
    currency: 'credits',
    ...over,
  };
}

export function newTask(seq: number, over: Partial<NewTask> = {}): NewTask {
  return {
    id: `t${seq}`,
    batchId: 'b1',
    seq,
    provider: 'poyo',
    model: 'seedream-5.0-lite',
    params: { prompt: `a red fox number ${seq}`, size: '1:1' },
    prompt: `a red fox number ${seq}`,
    idempotencyKey: `key-${seq}`,
    estimatedCost: 5,
    ...over,
  };
}

/** The legal road from `queued` to each state, through the store's gate. */
const ROAD: Readonly<Record<TaskState, readonly TaskState[]>> = {
  queued: [],
  submitting: ['submitting'],
  submitted: ['submitting', 'submitted'],
  running: ['submitting', 'submitted', 'running'],
  downloading: ['submitting', 'submitted', 'running', 'downloading'],
  succeeded: ['submitting', 'submitted', 'running', 'downloading', 'succeeded'],
  failed: ['failed'],
  canceled: ['canceled'],
  unknown: ['submitting', 'unknown'],
};

/**
 * Walks a queued task to `to` by legal moves only (the gate refuses any other), applying
 * `patch` on the last step. For tests that need a task in a given state.
 */
export function walkTo(store: Store, taskId: string, to: TaskState, patch: TaskPatch = {}): void {
  const road = ROAD[to];
  let from: TaskState = 'queued';
  road.forEach((state, i) => {
    const last = i === road.length - 1;
    const ok =
      state === 'submitted'
        ? store.tasks.setSubmitted(taskId, {
            remoteId: `remote-${taskId}`,
            provider: 'poyo',
            model: 'm',
          })
        : store.tasks.transition(taskId, [from], state, last ? patch : {});
    if (!ok) throw new Error(`walkTo: ${taskId} could not move ${from} -> ${state}`);
    from = state;
  });
  if (road.length > 0 && ROAD[to].at(-1) === 'submitted' && Object.keys(patch).length > 0) {
    throw new Error('walkTo: a patch on the submitted step is not supported');
  }
}
