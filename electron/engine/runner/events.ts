// Events the engine emits. Typed here, once; the Electron shell and the browser bridge forward
// them as `task.updated`, `batch.updated` and `output.downloaded`.
import type { BatchStatus, Output, StateCounts, Task } from '../store/types';

export interface BatchUpdate {
  batchId: string;
  status: BatchStatus;
  counts: StateCounts;
  /** Why the batch stopped or paused (budget, key refused...), in words for the user. */
  reason?: string;
}

export interface EngineEvents {
  'task.updated': { task: Task };
  'batch.updated': BatchUpdate;
  'output.downloaded': { output: Output; taskId: string; batchId: string };
}

export type EngineEventName = keyof EngineEvents;
export type Listener<K extends EngineEventName> = (payload: EngineEvents[K]) => void;

/** A tiny typed emitter: a throwing listener is reported, never breaks the runner. */
export class Emitter {
  private readonly listeners = new Map<EngineEventName, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  on<K extends EngineEventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  emit<K extends EngineEventName>(name: K, payload: EngineEvents[K]): void {
    const set = this.listeners.get(name);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<K>)(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
