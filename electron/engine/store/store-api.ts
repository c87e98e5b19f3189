/**
 * The store's public surface: one Store object with small repositories. The runner, engine,
 * CLI and bench code against these interfaces; connection.ts builds them.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { ProviderId } from '../../../shared/catalog/types';
import type {
  Batch,
  BatchStatus,
  CostSummary,
  EventQuery,
  EventRecord,
  HistoryPage,
  HistoryQuery,
  HistoryWindow,
  HistoryWindowQuery,
  Lineage,
  NewBatch,
  NewEvent,
  NewOutput,
  NewTask,
  Output,
  OutputDone,
  StateCounts,
  SubmittedInfo,
  Task,
  TaskInput,
  TaskListQuery,
  TaskPatch,
  TaskState,
  UploadRecord,
} from './types';
import type { EndedTaskPage, EndedTaskQuery } from './repos/history';

export interface BatchesRepo {
  create(batch: NewBatch): Batch;
  get(id: string): Batch | undefined;
  /** Newest first. */
  list(opts?: { statuses?: readonly BatchStatus[]; limit?: number; offset?: number }): Batch[];
  /** Returns false when the batch does not exist. */
  setStatus(id: string, status: BatchStatus): boolean;
  setEstimatedCost(id: string, estimatedCost: number | null): boolean;
}

export interface TasksRepo {
  /** Inserts tasks and their inputs in ONE transaction with one prepared statement each. */
  insertMany(tasks: readonly NewTask[]): void;
  get(id: string): Task | undefined;
  getByIdempotencyKey(key: string): Task | undefined;
  /** Ordered by seq. */
  listByBatch(batchId: string, q?: TaskListQuery): Task[];
  countsByState(batchId: string): StateCounts;
  /**
   * Queued tasks, oldest batch first then seq. With batchId null: across every batch whose
   * status is 'active' (paused/canceled batches are skipped).
   */
  nextQueued(batchId: string | null, limit: number): Task[];
  /** Tasks in submitting/submitted/running/downloading/unknown, across all batches. */
  listActive(): Task[];
  /**
   * The gate of every task state change: refuses (throws) a move the one table of transitions
   * (shared/schemas/task-states.ts) does not list; applies only from a state in `from`; writes
   * the task's event (`task.<to>`, with `note` merged into its data) in the same transaction.
   * A requeue in a batch canceled meanwhile ends the task canceled instead. Returns true when
   * it applied; false when the task is missing or its state is not in `from`.
   */
  transition(
    taskId: string,
    from: readonly TaskState[],
    to: TaskState,
    patch?: TaskPatch,
    note?: Record<string, unknown>,
  ): boolean;
  /** The same gate over a whole batch (cancel, budget stop). Returns the number of tasks moved. */
  transitionBatch(
    batchId: string,
    from: readonly TaskState[],
    to: TaskState,
    patch?: TaskPatch,
  ): number;
  /**
   * Writes remote_id + state through the gate, the moment a submit answers. Applies only from
   * 'submitting' or 'unknown'. Returns whether it applied.
   */
  setSubmitted(taskId: string, info: SubmittedInfo): boolean;
  /** Counts one poll and schedules the next. */
  recordPoll(taskId: string, nextPollAt: number | null): void;
  inputs(taskId: string): TaskInput[];
  /** Estimated and actual spend per provider/currency, for one batch or all. */
  costSummary(batchId?: string): CostSummary[];
}

export interface OutputsRepo {
  /**
   * Records a result URL. Idempotent on (taskId, idx): a repeat refreshes the URL unless the
   * output is already done. Returns the stored row.
   */
  insert(output: NewOutput): Output;
  get(id: string | number): Output | undefined;
  /** Remembers where the file will go before downloading, so a resume reuses the same name. */
  setPath(id: number, path: string): void;
  markDone(id: number, done: OutputDone): void;
  markFailed(id: number, error: string): void;
  /**
   * An outcome that is not a failure: `skipped` (the collision policy kept the file already
   * there) or `superseded` (a retry replaced the attempt). `note` says why, in words.
   */
  markEnded(id: number, state: 'skipped' | 'superseded', note: string): void;
  /**
   * A failed download gets another go (a retry of a task whose paid result may still be
   * downloadable): failed -> pending. Returns whether it applied.
   */
  rearm(id: number): boolean;
  listByTask(taskId: string): Output[];
}

export interface EventsRepo {
  append(event: NewEvent): number;
  /** Oldest first. */
  list(q?: EventQuery): EventRecord[];
}

export interface UploadsRepo {
  get(sha256: string, provider: ProviderId): UploadRecord | undefined;
  put(record: UploadRecord): void;
}

export interface SettingsRepo {
  get(key: string): unknown;
  /** Refuses keys that look like secrets (api key, token, password): keys never go here. */
  set(key: string, value: unknown): void;
  all(): Record<string, unknown>;
}

export interface HistoryRepo {
  search(q: HistoryQuery): HistoryPage;
  /** Position-based read for jumping far into the list (the gallery's scrollbar). */
  window(q: HistoryWindowQuery): HistoryWindow;
  lineage(sha256: string): Lineage;
  /** Tasks that ended without outputs (failed, canceled), newest change first. */
  endedTasks(q: EndedTaskQuery): EndedTaskPage;
}

/** The process driving a database's batches (one row at most; see migrations 0003 and 0004). */
export interface LeaseHolder {
  /** Random per engine: two engines in one process are two owners. */
  owner: string;
  pid: number;
  hostname: string;
  /**
   * The holder's process beyond its pid (Linux: boot id and start time), so a pid reused
   * after a crash is not taken for the holder; null where it cannot be read.
   */
  pidIdentity: string | null;
  startedAt: number;
  heartbeatAt: number;
  /** Grows by one at every acquisition by a new owner; never reset. */
  generation: number;
}

/** What a process writes to take the lease; the store assigns the generation. */
export type LeaseClaim = Omit<LeaseHolder, 'generation' | 'pidIdentity'> & {
  pidIdentity?: string | null;
};

/** The lease a driving process holds; its task and output writes apply only while it holds. */
export interface LeaseFence {
  owner: string;
  generation: number;
}

export type LeaseAcquired =
  | { ok: true; previous: LeaseHolder | null; generation: number }
  | { ok: false; holder: LeaseHolder };

export interface LeaseRepo {
  get(): LeaseHolder | undefined;
  /**
   * Takes the lease in one IMMEDIATE transaction when it is free, already ours, or held by
   * someone `isStale` rules gone; otherwise answers who holds it. `previous` is the holder
   * taken over, if any; `generation` is ours (unchanged when we already held it).
   */
  acquire(me: LeaseClaim, isStale: (holder: LeaseHolder) => boolean): LeaseAcquired;
  /**
   * Writes a heartbeat; false when the lease is no longer ours. The stored value changes at
   * every beat, even when the clock went backwards, so a watcher can tell a beat happened.
   */
  renew(owner: string, now: number): boolean;
  /** Gives the lease up (the generation stays); a no-op when it is not ours. */
  release(owner: string): void;
  /**
   * Fences this connection's task and output writes (transitions, setSubmitted, outputs
   * insert/setPath/markDone/markFailed) with the lease: while set, they apply only if the
   * lease row still has this owner and generation. A write refused for that reason calls
   * `onRefused` (the holder then learns it lost the lease); refused output writes also
   * throw LeaseLostError. Null (the default) for processes that do not drive.
   */
  setFence(fence: LeaseFence | null, onRefused?: () => void): void;
  fence(): LeaseFence | null;
}

export interface Store {
  readonly file: string;
  /** The raw handle, for the bench and tests; engine code goes through the repos. */
  readonly db: BetterSqlite3.Database;
  readonly batches: BatchesRepo;
  readonly tasks: TasksRepo;
  readonly outputs: OutputsRepo;
  readonly events: EventsRepo;
  readonly uploads: UploadsRepo;
  readonly settings: SettingsRepo;
  readonly history: HistoryRepo;
  readonly lease: LeaseRepo;
  /** Runs fn in one SQLite transaction (nested calls become savepoints). No network I/O in fn. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  /** Clock for created_at/updated_at; injectable for tests. */
  now?: () => number;
}
