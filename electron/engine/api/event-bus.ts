// Coalesces engine progress before it reaches a window or a socket: per task the latest state
// wins, touched batches are re-summarised once per flush, and a flush runs at most every
// ~100 ms and only when something changed. A 10,000-task batch thus costs about ten messages
// a second whatever the task count, and an idle app costs nothing.
import type {
  EventName,
  EventPayload,
  OutputDownloaded,
  TaskUpdate,
} from '../../../shared/ipc/events';
import type { BatchSummary } from '../../../shared/ipc/views';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface EventBusOptions {
  /** The summary of a batch as it is now; undefined when it does not exist. */
  summarise: (batchId: string) => BatchSummary | undefined;
  /** Called once when a batch reaches 'done' (or 'canceled' after running). */
  onBatchEnded?: (summary: BatchSummary) => void;
  flushMs?: number;
}

export interface EventBus {
  taskUpdated(update: TaskUpdate): void;
  batchTouched(batchId: string): void;
  outputDownloaded(output: OutputDownloaded): void;
  /** Sent at once (rare, user-facing). */
  notificationShown(payload: EventPayload<'notification.shown'>): void;
  subscribe(listener: EventListener): () => void;
  /** Sends everything pending now (tests, shutdown). */
  flush(): void;
  close(): void;
}

const ENDED = new Set(['done', 'canceled']);

export function createEventBus(options: EventBusOptions): EventBus {
  const flushMs = options.flushMs ?? 100;
  const listeners = new Set<EventListener>();
  const tasks = new Map<string, TaskUpdate>();
  const batches = new Set<string>();
  let outputs: OutputDownloaded[] = [];
  const lastStatus = new Map<string, string>();
  /** Batches whose tasks moved in this session: they may end here, even unseen before. */
  const running = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const emit: EventListener = (name, payload) => {
    for (const listener of listeners) {
      try {
        listener(name, payload);
      } catch {
        // A failing window or socket must not stop the others from hearing.
      }
    }
  };

  const flush = (): void => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (tasks.size > 0) {
      const list = [...tasks.values()];
      tasks.clear();
      emit('task.updated', { tasks: list });
    }
    if (outputs.length > 0) {
      const list = outputs;
      outputs = [];
      emit('output.downloaded', { outputs: list });
    }
    if (batches.size > 0) {
      const summaries: BatchSummary[] = [];
      for (const id of batches) {
        try {
          const summary = options.summarise(id);
          if (summary) summaries.push(summary);
        } catch {
          // The store is closing: the batch's state is durable and will be read again.
        }
      }
      batches.clear();
      if (summaries.length > 0) emit('batch.updated', { batches: summaries });
      for (const summary of summaries) {
        const before = lastStatus.get(summary.id);
        lastStatus.set(summary.id, summary.status);
        const wasRunning = before === undefined ? running.has(summary.id) : !ENDED.has(before);
        if (ENDED.has(summary.status) && wasRunning) {
          running.delete(summary.id);
          options.onBatchEnded?.(summary);
        }
      }
    }
  };

  const schedule = (): void => {
    if (timer === null && !closed) timer = setTimeout(flush, flushMs);
  };

  return {
    taskUpdated(update) {
      tasks.set(update.taskId, update);
      batches.add(update.batchId);
      running.add(update.batchId);
      schedule();
    },
    batchTouched(batchId) {
      batches.add(batchId);
      schedule();
    },
    outputDownloaded(output) {
      outputs.push(output);
      batches.add(output.batchId);
      schedule();
    },
    notificationShown(payload) {
      emit('notification.shown', payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    close() {
      flush();
      closed = true;
      listeners.clear();
    },
  };
}
