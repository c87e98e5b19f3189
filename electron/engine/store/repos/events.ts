import type BetterSqlite3 from 'better-sqlite3';
import type { EventsRepo } from '../store-api';
import { StoreError } from '../types';
import type { EventQuery, EventRecord, NewEvent } from '../types';
import { statementCache, toEvent } from './rows';
import type { EventRow } from './rows';

export function createEventsRepo(db: BetterSqlite3.Database, now: () => number): EventsRepo {
  const sql = statementCache(db);
  const insert = db.prepare(
    'INSERT INTO events (at, batch_id, task_id, kind, data_json) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    append(e: NewEvent): number {
      if (!e.kind) throw new StoreError('invalid_input', 'event.kind must be a non-empty string.');
      const data = e.data === undefined ? null : JSON.stringify(e.data);
      const info = insert.run(e.at ?? now(), e.batchId ?? null, e.taskId ?? null, e.kind, data);
      return Number(info.lastInsertRowid);
    },

    list(q: EventQuery = {}): EventRecord[] {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.batchId !== undefined) {
        where.push('batch_id = ?');
        params.push(q.batchId);
      }
      if (q.taskId !== undefined) {
        where.push('task_id = ?');
        params.push(q.taskId);
      }
      if (q.afterId !== undefined) {
        where.push('id > ?');
        params.push(q.afterId);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const rows = sql(`SELECT * FROM events ${clause} ORDER BY id LIMIT ?`).all(
        ...params,
        q.limit ?? -1,
      ) as EventRow[];
      return rows.map(toEvent);
    },
  };
}
