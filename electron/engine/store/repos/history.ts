import type BetterSqlite3 from 'better-sqlite3';
import type { HistoryRepo } from '../store-api';
import { StoreError } from '../types';
import type { HistoryPage, HistoryQuery, Lineage } from '../types';
import { toFtsQuery } from './fts-query';
import { HISTORY_COLUMNS, HISTORY_FROM, statementCache, toHistoryItem } from './rows';
import type { HistoryRow } from './rows';
import { checkState } from './task-patch';

const MAX_LIMIT = 500;

interface Cursor {
  createdAt: number;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt}:${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!m) {
    throw new StoreError(
      'bad_cursor',
      'cursor is not one this store handed out; start again from the first page.',
    );
  }
  return { createdAt: Number(m[1]), id: Number(m[2]) };
}

function checkLimit(limit: number | undefined): number {
  const n = limit ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new StoreError(
      'invalid_input',
      `limit must be an integer from 1 to ${MAX_LIMIT}; got ${n}.`,
    );
  }
  return n;
}

/** The WHERE clause shared by the page and the count (without the cursor). */
function filters(q: HistoryQuery): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown): void => {
    where.push(clause);
    params.push(value);
  };
  const outputState = q.outputState ?? 'done';
  if (outputState !== 'any') add('o.state = ?', outputState);
  if (q.provider !== undefined) add('t.provider = ?', q.provider);
  if (q.model !== undefined) add('t.model = ?', q.model);
  if (q.state !== undefined) {
    checkState('state', q.state);
    add('t.state = ?', q.state);
  }
  if (q.batchId !== undefined) add('t.batch_id = ?', q.batchId);
  if (q.from !== undefined) add('o.created_at >= ?', q.from);
  if (q.to !== undefined) add('o.created_at < ?', q.to);
  const match = q.text === undefined ? null : toFtsQuery(q.text);
  if (match !== null) add('t.id IN (SELECT task_id FROM task_fts WHERE task_fts MATCH ?)', match);
  return { where, params };
}

export function createHistoryRepo(db: BetterSqlite3.Database): HistoryRepo {
  const sql = statementCache(db);
  const produced = db.prepare(
    `SELECT ${HISTORY_COLUMNS} FROM ${HISTORY_FROM} WHERE o.sha256 = ? ORDER BY o.created_at DESC, o.id DESC`,
  );
  const used = db.prepare(`SELECT ${HISTORY_COLUMNS} FROM ${HISTORY_FROM}
    WHERE t.id IN (SELECT task_id FROM inputs WHERE sha256 = ?) AND o.state = 'done'
    ORDER BY o.created_at DESC, o.id DESC`);

  return {
    search(q: HistoryQuery): HistoryPage {
      const limit = checkLimit(q.limit);
      const { where, params } = filters(q);
      const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = sql(`SELECT COUNT(*) FROM ${HISTORY_FROM} ${countWhere}`)
        .pluck()
        .get(...params) as number;

      const pageWhere = [...where];
      const pageParams = [...params];
      if (q.cursor) {
        // Keyset: strictly older than the last item seen, with id as the tie-breaker, so
        // rows added meanwhile neither repeat nor shift the following pages.
        const c = decodeCursor(q.cursor);
        pageWhere.push('(o.created_at < ? OR (o.created_at = ? AND o.id < ?))');
        pageParams.push(c.createdAt, c.createdAt, c.id);
      }
      const clause = pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : '';
      const rows = sql(
        `SELECT ${HISTORY_COLUMNS} FROM ${HISTORY_FROM} ${clause}
         ORDER BY o.created_at DESC, o.id DESC LIMIT ?`,
      ).all(...pageParams, limit + 1) as HistoryRow[];
      const more = rows.length > limit;
      const items = rows.slice(0, limit).map(toHistoryItem);
      const last = items[items.length - 1];
      return {
        items,
        total,
        nextCursor:
          more && last ? encodeCursor({ createdAt: last.createdAt, id: last.outputId }) : null,
      };
    },

    lineage(sha256: string): Lineage {
      return {
        producedBy: (produced.all(sha256) as HistoryRow[]).map(toHistoryItem),
        usedBy: (used.all(sha256) as HistoryRow[]).map(toHistoryItem),
      };
    },
  };
}
