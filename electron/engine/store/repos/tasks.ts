import type BetterSqlite3 from 'better-sqlite3';
import { canTransition } from '../../../../shared/schemas/task-states';
import type { TasksRepo } from '../store-api';
import { ACTIVE_TASK_STATES, StoreError, TASK_STATES } from '../types';
import type {
  CostSummary,
  NewTask,
  StateCounts,
  SubmittedInfo,
  Task,
  TaskInput,
  TaskPatch,
  TaskState,
} from '../types';
import { isConstraintError, placeholders, statementCache, toInput, toTask } from './rows';
import type { InputRow, TaskRow } from './rows';
import { fencingOf } from './lease';
import { checkState, guardedUpdate } from './task-patch';

const SUBMIT_FROM: readonly TaskState[] = ['submitting', 'unknown'];

/** A requeue in a batch the user canceled meanwhile ends the task instead (nothing was paid). */
const CANCELED_REQUEUE: TaskPatch = {
  errorCode: 'canceled',
  errorMessage: 'the batch was canceled; this task was not submitted',
};

/** The one table of transitions decides: a move it does not list is a programming error. */
function checkLegal(from: readonly TaskState[], to: TaskState): void {
  if (from.length === 0) {
    throw new StoreError('invalid_input', 'from must list at least one task state.');
  }
  from.forEach((s, i) => checkState(`from[${i}]`, s));
  checkState('to', to);
  const bad = from.filter((s) => !canTransition(s, to));
  if (bad.length > 0) {
    throw new StoreError('invalid_input', `illegal task transition ${bad.join('|')} -> ${to}`);
  }
}

/** What the task's event records of a patch: the outcome words, never parameters or keys. */
function eventData(from: string, patch: TaskPatch, note?: Record<string, unknown>): string {
  const data: Record<string, unknown> = { from };
  if (patch.errorCode != null) data.code = patch.errorCode;
  if (patch.errorMessage != null) data.message = patch.errorMessage;
  if (patch.remoteId != null) data.remoteId = patch.remoteId;
  if (patch.actualCost !== undefined) data.actualCost = patch.actualCost;
  return JSON.stringify(note ? { ...data, ...note } : data);
}

export function createTasksRepo(db: BetterSqlite3.Database, now: () => number): TasksRepo {
  const sql = statementCache(db);
  // The driving process's lease: its guarded updates apply only while it still holds it.
  const fencing = fencingOf(db, now);
  const insertTask = db.prepare(`INSERT INTO tasks (id, batch_id, seq, state, provider, model,
    params_json, prompt, seed, idempotency_key, estimated_cost, outputs_expected, created_at,
    updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertInput = db.prepare(
    'INSERT INTO inputs (task_id, path, rel_path, bytes, sha256) VALUES (?, ?, ?, ?, ?)',
  );
  const insertFts = db.prepare(
    'INSERT INTO task_fts (task_id, prompt, files, batch_name) VALUES (?, ?, ?, ?)',
  );
  const batchName = db.prepare('SELECT name FROM batches WHERE id = ?').pluck();
  const byId = db.prepare('SELECT * FROM tasks WHERE id = ?');
  const byKey = db.prepare('SELECT * FROM tasks WHERE idempotency_key = ?');
  const counts = db.prepare(
    'SELECT state, COUNT(*) AS n FROM tasks WHERE batch_id = ? GROUP BY state',
  );
  const queuedIn = db.prepare(
    "SELECT * FROM tasks WHERE batch_id = ? AND state = 'queued' ORDER BY seq LIMIT ?",
  );
  const activeBatches = db
    .prepare("SELECT id FROM batches WHERE status = 'active' ORDER BY created_at, id")
    .pluck();
  const active = db.prepare(
    `SELECT * FROM tasks WHERE state IN (${placeholders(ACTIVE_TASK_STATES.length)}) ORDER BY batch_id, seq`,
  );
  const inputsOf = db.prepare('SELECT * FROM inputs WHERE task_id = ? ORDER BY id');
  const current = db.prepare(`SELECT t.state AS state, t.batch_id AS batchId, b.status AS status
    FROM tasks t JOIN batches b ON b.id = t.batch_id WHERE t.id = ?`);
  const batchStatus = db.prepare('SELECT status FROM batches WHERE id = ?').pluck();
  const insertEvent = db.prepare(
    'INSERT INTO events (at, batch_id, task_id, kind, data_json) VALUES (?, ?, ?, ?, ?)',
  );
  const poll = db.prepare(
    'UPDATE tasks SET poll_count = poll_count + 1, next_poll_at = ?, updated_at = ? WHERE id = ?',
  );
  const costSql = (where: string): string => `SELECT t.provider AS provider,
    b.currency AS currency, TOTAL(t.estimated_cost) AS estimated, TOTAL(t.actual_cost) AS actual,
    COUNT(*) AS tasks FROM tasks t JOIN batches b ON b.id = t.batch_id ${where}
    GROUP BY t.provider, b.currency ORDER BY t.provider, b.currency`;

  const insertAll = db.transaction((tasks: readonly NewTask[]) => {
    const names = new Map<string, string>();
    const at = now();
    for (const t of tasks) {
      const state = t.state ?? 'queued';
      checkState(`tasks[${t.seq}].state`, state);
      let name = names.get(t.batchId);
      if (name === undefined) {
        const found = batchName.get(t.batchId) as string | undefined;
        if (found === undefined) {
          throw new StoreError('not_found', `task.batchId "${t.batchId}" is not a known batch.`);
        }
        name = found;
        names.set(t.batchId, name);
      }
      const created = t.createdAt ?? at;
      insertTask.run(
        t.id,
        t.batchId,
        t.seq,
        state,
        t.provider,
        t.model,
        JSON.stringify(t.params),
        t.prompt,
        t.seed ?? null,
        t.idempotencyKey,
        t.estimatedCost ?? null,
        t.outputsExpected ?? 1,
        created,
        created,
      );
      const files: string[] = [];
      for (const i of t.inputs ?? []) {
        insertInput.run(t.id, i.path, i.relPath, i.bytes, i.sha256);
        files.push(i.relPath);
      }
      insertFts.run(t.id, t.prompt, files.join('\n'), name);
    }
  });

  /**
   * THE gate: every state change of a task, from any caller, goes through here. In one
   * transaction: the guarded UPDATE (applies only from a state in `from`) and the task's event,
   * so the history of a task can never disagree with its state.
   */
  const gate = db.transaction(
    (
      taskId: string,
      from: readonly TaskState[],
      wanted: TaskState,
      wantedPatch: TaskPatch,
      note?: Record<string, unknown>,
    ): boolean => {
      const row = current.get(taskId) as
        { state: TaskState; batchId: string; status: string } | undefined;
      if (row === undefined || !from.includes(row.state)) return false;
      let to = wanted;
      let patch = wantedPatch;
      if (to === 'queued' && row.status === 'canceled' && canTransition(row.state, 'canceled')) {
        to = 'canceled';
        patch = { ...wantedPatch, ...CANCELED_REQUEUE };
      }
      const at = now();
      const u = guardedUpdate('id', taskId, [row.state], to, patch, at, fencing.current());
      // A refused write is logged with what may exist nowhere else (a late submit's remote id).
      const lost = { remoteId: patch.remoteId, actualCost: patch.actualCost };
      const refused = { write: `task.${to}`, taskId, batchId: row.batchId, data: lost };
      if (fencing.checked(sql(u.sql).run(...u.params).changes, refused) !== 1) return false;
      insertEvent.run(at, row.batchId, taskId, `task.${to}`, eventData(row.state, patch, note));
      return true;
    },
  );

  const gateBatch = db.transaction(
    (batchId: string, from: readonly TaskState[], to: TaskState, patch: TaskPatch): number => {
      if (to === 'queued' && batchStatus.get(batchId) === 'canceled') return 0;
      // A stale driver writes neither the moves nor their events.
      if (fencing.lost()) return 0;
      const at = now();
      const data: Record<string, unknown> = {};
      if (patch.errorCode != null) data.code = patch.errorCode;
      if (patch.errorMessage != null) data.message = patch.errorMessage;
      // One event per task moved, written by one statement before the move.
      sql(
        `INSERT INTO events (at, batch_id, task_id, kind, data_json)
         SELECT ?, batch_id, id, ?, json_patch(json_object('from', state), json(?))
         FROM tasks WHERE batch_id = ? AND state IN (${placeholders(from.length)})`,
      ).run(at, `task.${to}`, JSON.stringify(data), batchId, ...from);
      const u = guardedUpdate('batch_id', batchId, from, to, patch, at, fencing.current());
      return fencing.checked(sql(u.sql).run(...u.params).changes);
    },
  );

  function list(where: string, params: unknown[]): Task[] {
    return (sql(`SELECT * FROM tasks ${where}`).all(...params) as TaskRow[]).map(toTask);
  }

  return {
    insertMany(tasks) {
      try {
        insertAll(tasks);
      } catch (err) {
        if (isConstraintError(err, 'SQLITE_CONSTRAINT_UNIQUE')) {
          throw new StoreError(
            'invalid_input',
            `tasks: a task id, idempotency key or (batchId, seq) is already used; nothing was inserted (${(err as Error).message}).`,
            { cause: err },
          );
        }
        throw err;
      }
    },

    get(id) {
      const row = byId.get(id) as TaskRow | undefined;
      return row && toTask(row);
    },

    getByIdempotencyKey(key) {
      const row = byKey.get(key) as TaskRow | undefined;
      return row && toTask(row);
    },

    listByBatch(batchId, q = {}) {
      const states = q.states ?? [];
      states.forEach((s, i) => checkState(`states[${i}]`, s));
      const where = states.length ? ` AND state IN (${placeholders(states.length)})` : '';
      return list(`WHERE batch_id = ?${where} ORDER BY seq LIMIT ? OFFSET ?`, [
        batchId,
        ...states,
        q.limit ?? -1,
        q.offset ?? 0,
      ]);
    },

    countsByState(batchId) {
      const out = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as StateCounts;
      for (const r of counts.all(batchId) as { state: TaskState; n: number }[]) out[r.state] = r.n;
      return out;
    },

    nextQueued(batchId, limit) {
      // Per batch through the (batch_id, state, seq) index: no sort over every queued task.
      const ids = batchId === null ? (activeBatches.all() as string[]) : [batchId];
      const out: Task[] = [];
      for (const id of ids) {
        if (out.length >= limit) break;
        const rows = queuedIn.all(id, limit - out.length) as TaskRow[];
        for (const r of rows) out.push(toTask(r));
      }
      return out;
    },

    listActive() {
      return (active.all(...ACTIVE_TASK_STATES) as TaskRow[]).map(toTask);
    },

    transition(taskId, from, to, patch = {}, note) {
      checkLegal(from, to);
      return gate(taskId, from, to, patch, note);
    },

    transitionBatch(batchId, from, to, patch = {}) {
      checkLegal(from, to);
      return gateBatch(batchId, from, to, patch);
    },

    setSubmitted(taskId: string, info: SubmittedInfo) {
      if (!info.remoteId) {
        throw new StoreError('invalid_input', 'remoteId must be a non-empty string.');
      }
      const state = info.state ?? 'submitted';
      checkLegal(SUBMIT_FROM, state);
      return gate(taskId, SUBMIT_FROM, state, {
        remoteId: info.remoteId,
        submittedAt: info.submittedAt ?? now(),
        remoteCreatedAt: info.remoteCreatedAt ?? null,
        nextPollAt: info.nextPollAt ?? null,
        errorCode: null,
        errorMessage: null,
      });
    },

    recordPoll(taskId, nextPollAt) {
      poll.run(nextPollAt, now(), taskId);
    },

    inputs(taskId): TaskInput[] {
      return (inputsOf.all(taskId) as InputRow[]).map(toInput);
    },

    costSummary(batchId?: string): CostSummary[] {
      return batchId === undefined
        ? (sql(costSql('')).all() as CostSummary[])
        : (sql(costSql('WHERE t.batch_id = ?')).all(batchId) as CostSummary[]);
    },
  };
}
