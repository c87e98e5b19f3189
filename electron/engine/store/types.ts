/**
 * Domain types of the task store. Rows are snake_case in SQLite; everything the rest of the
 * engine sees is camelCase and is built from rows in one place (repos/rows.ts).
 * Times are Unix milliseconds everywhere.
 */
import type { Currency, ProviderId } from '../../../shared/catalog/types';
import { BATCH_STATUSES, TASK_STATES } from '../../../shared/ipc/views';
import type { OUTPUT_STATES } from '../../../shared/ipc/views';
import { COLLISION_VALUES as COLLISION_POLICIES } from '../../../shared/schemas/batch';

// One vocabulary for the store, the batch spec and the IPC views: defined once in shared/.
export { BATCH_STATUSES, COLLISION_POLICIES, TASK_STATES };

export type TaskState = (typeof TASK_STATES)[number];

/** The state groups, defined once in shared/. */
export {
  ACTIVE_STATES as ACTIVE_TASK_STATES,
  FINAL_STATES as FINAL_TASK_STATES,
} from '../../../shared/schemas/task-states';

export type BatchStatus = (typeof BATCH_STATUSES)[number];

export type CollisionPolicy = (typeof COLLISION_POLICIES)[number];

export type OutputType = 'image' | 'video' | 'unknown';
export type OutputState = (typeof OUTPUT_STATES)[number];

export interface Batch {
  id: string;
  name: string;
  provider: ProviderId;
  model: string;
  /** The BatchSpec as the user gave it (parsed from spec_json; shape owned by shared/schemas). */
  spec: unknown;
  status: BatchStatus;
  outDir: string;
  template: string;
  collision: CollisionPolicy;
  budget: number | null;
  currency: Currency;
  estimatedCost: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewBatch {
  id: string;
  name: string;
  provider: ProviderId;
  model: string;
  spec: unknown;
  status?: BatchStatus;
  outDir: string;
  template: string;
  collision: CollisionPolicy;
  budget?: number | null;
  currency: Currency;
  estimatedCost?: number | null;
  createdAt?: number;
}

export interface TaskInput {
  id: number;
  taskId: string;
  /** Absolute local path as found. */
  path: string;
  /** Path relative to the input root (drives `{input}` and mirrored subfolders). */
  relPath: string;
  bytes: number;
  sha256: string;
}

export interface NewInput {
  path: string;
  relPath: string;
  bytes: number;
  sha256: string;
}

export interface Task {
  id: string;
  batchId: string;
  seq: number;
  state: TaskState;
  provider: ProviderId;
  model: string;
  /** Validated catalog input incl. prompt; image fields hold local paths or URLs as given. */
  params: Record<string, unknown>;
  prompt: string;
  seed: number | null;
  idempotencyKey: string;
  remoteId: string | null;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  estimatedCost: number | null;
  actualCost: number | null;
  outputsExpected: number;
  pollCount: number;
  nextPollAt: number | null;
  submittedAt: number | null;
  remoteCreatedAt: number | null;
  finishedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewTask {
  id: string;
  batchId: string;
  seq: number;
  provider: ProviderId;
  model: string;
  params: Record<string, unknown>;
  prompt: string;
  seed?: number | null;
  /** Written here, at creation, so it exists before any submit leaves the machine. */
  idempotencyKey: string;
  estimatedCost?: number | null;
  outputsExpected?: number;
  /** Defaults to 'queued'. */
  state?: TaskState;
  inputs?: NewInput[];
  createdAt?: number;
}

/**
 * Columns a guarded transition may set together with the state. `undefined` leaves a column
 * as it is; `null` clears it. `incrementAttempts` adds one to `attempts` in the same UPDATE.
 */
export interface TaskPatch {
  errorCode?: string | null;
  errorMessage?: string | null;
  estimatedCost?: number | null;
  actualCost?: number | null;
  nextPollAt?: number | null;
  submittedAt?: number | null;
  remoteCreatedAt?: number | null;
  finishedAt?: number | null;
  remoteId?: string | null;
  /** A new attempt's key (retry of a failed task); never null: the column is NOT NULL. */
  idempotencyKey?: string;
  incrementAttempts?: boolean;
}

export interface SubmittedInfo {
  remoteId: string;
  provider: ProviderId;
  model: string;
  /** The state the task moves to; 'submitted' unless the provider answered with more. */
  state?: Extract<TaskState, 'submitted' | 'running' | 'downloading' | 'succeeded' | 'failed'>;
  submittedAt?: number;
  remoteCreatedAt?: number | null;
  nextPollAt?: number | null;
}

export interface TaskListQuery {
  states?: readonly TaskState[];
  limit?: number;
  offset?: number;
}

export type StateCounts = Record<TaskState, number>;

export interface CostSummary {
  provider: ProviderId;
  currency: Currency;
  estimated: number;
  actual: number;
  tasks: number;
}

export interface Output {
  id: number;
  taskId: string;
  idx: number;
  url: string;
  path: string | null;
  type: OutputType;
  bytes: number | null;
  sha256: string | null;
  sidecarPath: string | null;
  state: OutputState;
  error: string | null;
  createdAt: number;
}

export interface NewOutput {
  taskId: string;
  idx: number;
  url: string;
  type: OutputType;
  createdAt?: number;
}

export interface OutputDone {
  path: string;
  bytes: number;
  sha256: string;
  sidecarPath?: string | null;
}

export interface EventRecord {
  id: number;
  at: number;
  batchId: string | null;
  taskId: string | null;
  kind: string;
  data: unknown;
}

export interface NewEvent {
  kind: string;
  batchId?: string | null;
  taskId?: string | null;
  data?: unknown;
  at?: number;
}

export interface EventQuery {
  batchId?: string;
  taskId?: string;
  /** Only events with a larger id (tailing the log). */
  afterId?: number;
  limit?: number;
}

export interface UploadRecord {
  sha256: string;
  provider: ProviderId;
  url: string;
  uploadedAt: number;
}

export interface HistoryQuery {
  /** Free text: prompt words, input/output file names, batch name. Any characters are safe. */
  text?: string;
  provider?: ProviderId;
  model?: string;
  /** Task state filter. */
  state?: TaskState;
  /** Output state filter; defaults to 'done' (files on disk). 'any' lists every output. */
  outputState?: OutputState | 'any';
  batchId?: string;
  /** Output created_at >= from (Unix ms). */
  from?: number;
  /** Output created_at < to (Unix ms). */
  to?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string | null;
  /** 1..500, default 50. */
  limit?: number;
}

/** The same filters as HistoryQuery, read by position instead of by cursor. */
export interface HistoryWindowQuery extends Omit<HistoryQuery, 'cursor'> {
  /** How many matching outputs (newest first) to skip; a whole number, 0 or more. */
  offset: number;
}

/** Items [offset, offset + items.length) of the matching outputs, newest first. */
export interface HistoryWindow {
  items: HistoryItem[];
  offset: number;
  /** Count of all matching outputs at the time of the read. */
  total: number;
}

export interface HistoryItem {
  outputId: number;
  outputIdx: number;
  outputState: OutputState;
  path: string | null;
  type: OutputType;
  bytes: number | null;
  sha256: string | null;
  sidecarPath: string | null;
  taskId: string;
  taskState: TaskState;
  remoteId: string | null;
  prompt: string;
  provider: ProviderId;
  model: string;
  batchId: string;
  batchName: string;
  params: Record<string, unknown>;
  seed: number | null;
  estimatedCost: number | null;
  actualCost: number | null;
  currency: Currency;
  createdAt: number;
}

export interface HistoryPage {
  items: HistoryItem[];
  /** Count of all matching outputs (ignores the cursor). */
  total: number;
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface Lineage {
  /** Outputs whose file has this sha256 (where the image came from, if Genloom made it). */
  producedBy: HistoryItem[];
  /** Outputs of tasks that took a file with this sha256 as input. */
  usedBy: HistoryItem[];
}

export type StoreErrorCode =
  | 'db_too_new'
  | 'migration_failed'
  | 'bad_cursor'
  | 'invalid_input'
  | 'secret_refused'
  | 'not_found'
  | 'open_failed';

/** The store's one error type: a code for programs, a message naming the field and rule. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}
