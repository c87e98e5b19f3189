// The database as the invariants read it: opened read-only with plain SQL, so the check does
// not run migrations, take the driver lease or depend on the engine's own code being right.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface TaskRow {
  id: string;
  batchId: string;
  seq: number;
  state: string;
  prompt: string;
  remoteId: string | null;
  idempotencyKey: string;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  estimatedCost: number | null;
  actualCost: number | null;
}

export interface OutputRow {
  taskId: string;
  path: string | null;
  sha256: string | null;
  bytes: number | null;
  state: string;
  sidecarPath: string | null;
}

export interface StoreView {
  batches: { id: string; status: string; outDir: string }[];
  tasks: TaskRow[];
  outputs: OutputRow[];
  /** Every event's data as text, per task: earlier attempts' remote ids are recorded there. */
  eventText: Map<string, string>;
}

export function readStore(file: string): StoreView {
  if (!existsSync(file)) return { batches: [], tasks: [], outputs: [], eventText: new Map() };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const batches = db
      .prepare('SELECT id, status, out_dir AS outDir FROM batches ORDER BY created_at')
      .all() as StoreView['batches'];
    const tasks = db
      .prepare(
        `SELECT id, batch_id AS batchId, seq, state, prompt, remote_id AS remoteId,
           idempotency_key AS idempotencyKey, attempts, error_code AS errorCode,
           error_message AS errorMessage, estimated_cost AS estimatedCost,
           actual_cost AS actualCost
         FROM tasks ORDER BY batch_id, seq`,
      )
      .all() as TaskRow[];
    const outputs = db
      .prepare(
        `SELECT task_id AS taskId, path, sha256, bytes, state, sidecar_path AS sidecarPath
         FROM outputs ORDER BY task_id, idx`,
      )
      .all() as OutputRow[];
    const eventText = new Map<string, string>();
    const events = db
      .prepare('SELECT task_id AS taskId, data_json AS data FROM events WHERE task_id IS NOT NULL')
      .all() as { taskId: string; data: string | null }[];
    for (const e of events)
      eventText.set(e.taskId, `${eventText.get(e.taskId) ?? ''}\n${e.data ?? ''}`);
    return { batches, tasks, outputs, eventText };
  } finally {
    db.close();
  }
}

/** Task ids per state, for the driver's decisions between steps. */
export function idsInState(view: StoreView, state: string): string[] {
  return view.tasks.filter((t) => t.state === state).map((t) => t.id);
}
