/** Row shapes as SQLite returns them, and the one place rows become domain objects. */
import type BetterSqlite3 from 'better-sqlite3';
import type { Currency, ProviderId } from '../../../../shared/catalog/types';
import type {
  Batch,
  BatchStatus,
  CollisionPolicy,
  EventRecord,
  HistoryItem,
  Output,
  OutputState,
  OutputType,
  Task,
  TaskInput,
  TaskState,
} from '../types';

export interface BatchRow {
  id: string;
  name: string;
  provider: string;
  model: string;
  spec_json: string;
  status: string;
  out_dir: string;
  template: string;
  collision: string;
  budget: number | null;
  currency: string;
  estimated_cost: number | null;
  created_at: number;
  updated_at: number;
}

export interface TaskRow {
  id: string;
  batch_id: string;
  seq: number;
  state: string;
  provider: string;
  model: string;
  params_json: string;
  prompt: string;
  seed: number | null;
  idempotency_key: string;
  remote_id: string | null;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  estimated_cost: number | null;
  actual_cost: number | null;
  outputs_expected: number;
  poll_count: number;
  next_poll_at: number | null;
  submitted_at: number | null;
  remote_created_at: number | null;
  finished_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface InputRow {
  id: number;
  task_id: string;
  path: string;
  rel_path: string;
  bytes: number;
  sha256: string;
}

export interface OutputRow {
  id: number;
  task_id: string;
  idx: number;
  url: string;
  path: string | null;
  type: string;
  bytes: number | null;
  sha256: string | null;
  sidecar_path: string | null;
  state: string;
  error: string | null;
  created_at: number;
}

export interface EventRow {
  id: number;
  at: number;
  batch_id: string | null;
  task_id: string | null;
  kind: string;
  data_json: string | null;
}

export interface HistoryRow {
  o_id: number;
  o_idx: number;
  o_state: string;
  o_path: string | null;
  o_type: string;
  o_bytes: number | null;
  o_sha256: string | null;
  o_sidecar: string | null;
  o_created: number;
  t_id: string;
  t_state: string;
  t_remote: string | null;
  t_prompt: string;
  t_provider: string;
  t_model: string;
  t_params: string;
  t_seed: number | null;
  t_est: number | null;
  t_act: number | null;
  b_id: string;
  b_name: string;
  b_currency: string;
}

/** Columns selected for a history item; shared by search and lineage. */
export const HISTORY_COLUMNS = `o.id AS o_id, o.idx AS o_idx, o.state AS o_state, o.path AS o_path,
  o.type AS o_type, o.bytes AS o_bytes, o.sha256 AS o_sha256, o.sidecar_path AS o_sidecar,
  o.created_at AS o_created, t.id AS t_id, t.state AS t_state, t.remote_id AS t_remote,
  t.prompt AS t_prompt, t.provider AS t_provider, t.model AS t_model, t.params_json AS t_params,
  t.seed AS t_seed, t.estimated_cost AS t_est, t.actual_cost AS t_act, b.id AS b_id,
  b.name AS b_name, b.currency AS b_currency`;

export const HISTORY_FROM = `outputs o JOIN tasks t ON t.id = o.task_id JOIN batches b ON b.id = t.batch_id`;

function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

function parseParams(text: string): Record<string, unknown> {
  const v = parseJson(text);
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

export function toBatch(r: BatchRow): Batch {
  return {
    id: r.id,
    name: r.name,
    provider: r.provider as ProviderId,
    model: r.model,
    spec: parseJson(r.spec_json),
    status: r.status as BatchStatus,
    outDir: r.out_dir,
    template: r.template,
    collision: r.collision as CollisionPolicy,
    budget: r.budget,
    currency: r.currency as Currency,
    estimatedCost: r.estimated_cost,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toTask(r: TaskRow): Task {
  return {
    id: r.id,
    batchId: r.batch_id,
    seq: r.seq,
    state: r.state as TaskState,
    provider: r.provider as ProviderId,
    model: r.model,
    params: parseParams(r.params_json),
    prompt: r.prompt,
    seed: r.seed,
    idempotencyKey: r.idempotency_key,
    remoteId: r.remote_id,
    attempts: r.attempts,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    estimatedCost: r.estimated_cost,
    actualCost: r.actual_cost,
    outputsExpected: r.outputs_expected,
    pollCount: r.poll_count,
    nextPollAt: r.next_poll_at,
    submittedAt: r.submitted_at,
    remoteCreatedAt: r.remote_created_at,
    finishedAt: r.finished_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toInput(r: InputRow): TaskInput {
  return {
    id: r.id,
    taskId: r.task_id,
    path: r.path,
    relPath: r.rel_path,
    bytes: r.bytes,
    sha256: r.sha256,
  };
}

export function toOutput(r: OutputRow): Output {
  return {
    id: r.id,
    taskId: r.task_id,
    idx: r.idx,
    url: r.url,
    path: r.path,
    type: r.type as OutputType,
    bytes: r.bytes,
    sha256: r.sha256,
    sidecarPath: r.sidecar_path,
    state: r.state as OutputState,
    error: r.error,
    createdAt: r.created_at,
  };
}

export function toEvent(r: EventRow): EventRecord {
  return {
    id: r.id,
    at: r.at,
    batchId: r.batch_id,
    taskId: r.task_id,
    kind: r.kind,
    data: parseJson(r.data_json),
  };
}

export function toHistoryItem(r: HistoryRow): HistoryItem {
  return {
    outputId: r.o_id,
    outputIdx: r.o_idx,
    outputState: r.o_state as OutputState,
    path: r.o_path,
    type: r.o_type as OutputType,
    bytes: r.o_bytes,
    sha256: r.o_sha256,
    sidecarPath: r.o_sidecar,
    taskId: r.t_id,
    taskState: r.t_state as TaskState,
    remoteId: r.t_remote,
    prompt: r.t_prompt,
    provider: r.t_provider as ProviderId,
    model: r.t_model,
    batchId: r.b_id,
    batchName: r.b_name,
    params: parseParams(r.t_params),
    seed: r.t_seed,
    estimatedCost: r.t_est,
    actualCost: r.t_act,
    currency: r.b_currency as Currency,
    createdAt: r.o_created,
  };
}

export type Statements = (sql: string) => BetterSqlite3.Statement;

/**
 * Prepares each distinct SQL text once per connection. Queries with optional filters build
 * their SQL from a fixed set of clauses, so the cache holds a small bounded number of shapes.
 */
export function statementCache(db: BetterSqlite3.Database): Statements {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

/** `?, ?, ?` for an IN list of n values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

export function isConstraintError(err: unknown, kind: string): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    (err as { code: string }).code === kind
  );
}
