// What the runner's steps (submit, poll, finish, deliver, recover) may use of it: a narrow
// interface, so no step imports the runner back and each can be read on its own.
import type { ProviderId } from '../../../shared/catalog/types';
import type { Http } from '../http';
import type { ResolveContext } from '../media/resolve-inputs';
import type { ProviderClient, TaskStatus } from '../providers/types';
import type { Store } from '../store/index';
import type { Task, TaskPatch, TaskState } from '../store/types';
import type { DeliveryRetry } from './deliver';
import type { Persisted } from './durable';
import type { EngineEventName, EngineEvents } from './events';
import type { InFlight } from './in-flight';
import type { RecoveryJournal } from './journal';
import type { Scheduler } from './scheduler';
import type { Semaphore } from './semaphore';

export interface RunnerOptions {
  /** A task still running this long after submit is given up on (marked failed). */
  taskTimeoutMs: number;
  downloadConcurrency: number;
  /**
   * How long a task the provider answers 404 for may stay "not visible" (right after a submit,
   * or in a burst) before Genloom stops waiting and asks the user. Default 10 min.
   */
  notFoundDeadlineMs?: number;
  /** How long polls may fail in a row (5xx, network) before the user is asked. Default 15 min. */
  pollFailureDeadlineMs?: number;
  /** How long a write that records what a provider said is retried. Default 10 min. */
  persistDeadlineMs?: number;
  /** Backoff of database retries (tests shorten it). */
  persistDelay?: (attempt: number) => number;
  /** Tries and waits of a failing download (tests shorten them); see deliver.ts. */
  deliveryRetry?: DeliveryRetry;
}

export interface WatchOptions {
  /** When the task was submitted (wall clock, as recorded). */
  t0: number;
  /** Do this task's polls teach the latency model (false for tasks resumed mid-way)? */
  learn: boolean;
  /** An answer the submit already carried. */
  status?: TaskStatus;
  /** Poll at once instead of at the plan's first offset. */
  immediate?: boolean;
  /** t0 on the monotonic clock, for a submit this process just made. */
  monoT0?: number;
  /** The timeout counts from here (default t0): a task watched again gets a full period. */
  watchFrom?: number;
  /** The user resubmitted a task the provider had stopped knowing: check on it first. */
  reconcile?: boolean;
}

/** What the batch side of the runner offers the steps. */
export interface BatchHooks {
  /** A fixed poll interval the batch asked for (`--poll-ms`), if any. */
  pollMs(batchId: string): number | undefined;
  /** A task's cost became final (null: the price is unknown, keep the estimate). */
  charge(task: Task, actual: number | null): void;
  /** The task went back to the queue or ended before costing anything. */
  uncharge(taskId: string): void;
  /** Something in the batch changed; `reason` (in words) when it stopped or paused. */
  changed(batchId: string, reason?: string): void;
  pause(batchId: string, reason: string): void;
  kick(): void;
}

export interface RunnerContext {
  readonly store: Store;
  readonly scheduler: Scheduler;
  readonly options: RunnerOptions;
  readonly work: InFlight;
  readonly batches: BatchHooks;
  readonly journal: RecoveryJournal;
  readonly downloadSlots: Semaphore;
  readonly downloadHttp: Http;
  readonly signal: AbortSignal;
  readonly closed: boolean;
  /** Wall clock (Unix ms), for what is recorded. */
  now(): number;
  /** Monotonic ms, for every wait and deadline: clock jumps move neither. */
  mono(): number;
  client(provider: ProviderId): ProviderClient | undefined;
  resolveContext(): ResolveContext;
  notConfigured(provider: ProviderId): string;
  /** Through the store's gate; then the runner's bookkeeping. False when it did not apply. */
  move(
    taskId: string,
    from: readonly TaskState[],
    to: TaskState,
    patch: TaskPatch,
    note?: Record<string, unknown>,
  ): boolean;
  taskChanged(taskId: string): void;
  emit<K extends EngineEventName>(name: K, payload: EngineEvents[K]): void;
  /** A database write that must land: retried until it does, the deadline, or close. */
  persist<T>(what: string, taskId: string, write: () => T): Promise<Persisted<T>>;
  /** Starts watching a remote task (the work entry exists and holds its slot). */
  watch(taskId: string, opts: WatchOptions): void;
  startDelivery(taskId: string): void;
  internalError(taskId: string | null, err: unknown, doing?: string): void;
  deferRetry(taskId: string, max: number, delay: (attempt: number) => number): boolean;
  forgetRetries(taskId: string): void;
}
