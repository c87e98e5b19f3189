import type BetterSqlite3 from 'better-sqlite3';
import type { BatchesRepo } from '../store-api';
import { BATCH_STATUSES, StoreError } from '../types';
import type { Batch, BatchStatus, NewBatch } from '../types';
import { FENCE_NAMED, fencingOf } from './lease';
import { isConstraintError, placeholders, statementCache, toBatch } from './rows';
import type { BatchRow } from './rows';

export function createBatchesRepo(db: BetterSqlite3.Database, now: () => number): BatchesRepo {
  const sql = statementCache(db);
  const insert = db.prepare(`INSERT INTO batches (id, name, provider, model, spec_json, status,
    out_dir, template, collision, budget, currency, estimated_cost, created_at, updated_at)
    VALUES (@id, @name, @provider, @model, @spec_json, @status, @out_dir, @template, @collision,
    @budget, @currency, @estimated_cost, @created_at, @created_at)`);
  const byId = db.prepare('SELECT * FROM batches WHERE id = ?');
  // Fenced like task writes: a driver whose lease was taken over cannot mark a batch done or
  // reopen it under the new driver. Processes that do not drive (no fence) pause and cancel.
  const fencing = fencingOf(db);
  const updStatus = db.prepare(
    `UPDATE batches SET status = @status, updated_at = @at WHERE id = @id AND ${FENCE_NAMED}`,
  );
  const updEstimate = db.prepare(
    `UPDATE batches SET estimated_cost = @cost, updated_at = @at WHERE id = @id AND ${FENCE_NAMED}`,
  );

  function get(id: string): Batch | undefined {
    const row = byId.get(id) as BatchRow | undefined;
    return row && toBatch(row);
  }

  return {
    create(b: NewBatch): Batch {
      const status = b.status ?? 'active';
      if (!BATCH_STATUSES.includes(status)) {
        throw new StoreError(
          'invalid_input',
          `batch.status must be one of ${BATCH_STATUSES.join(', ')}; got "${status}".`,
        );
      }
      try {
        insert.run({
          id: b.id,
          name: b.name,
          provider: b.provider,
          model: b.model,
          spec_json: JSON.stringify(b.spec ?? null),
          status,
          out_dir: b.outDir,
          template: b.template,
          collision: b.collision,
          budget: b.budget ?? null,
          currency: b.currency,
          estimated_cost: b.estimatedCost ?? null,
          created_at: b.createdAt ?? now(),
        });
      } catch (err) {
        if (isConstraintError(err, 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
          throw new StoreError('invalid_input', `batch.id "${b.id}" already exists.`, {
            cause: err,
          });
        }
        throw err;
      }
      return get(b.id) as Batch;
    },

    get,

    list(opts = {}): Batch[] {
      const where = opts.statuses?.length
        ? `WHERE status IN (${placeholders(opts.statuses.length)})`
        : '';
      const rows = sql(
        `SELECT * FROM batches ${where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      ).all(...(opts.statuses ?? []), opts.limit ?? -1, opts.offset ?? 0) as BatchRow[];
      return rows.map(toBatch);
    },

    setStatus(id: string, status: BatchStatus): boolean {
      if (!BATCH_STATUSES.includes(status)) {
        throw new StoreError(
          'invalid_input',
          `status must be one of ${BATCH_STATUSES.join(', ')}; got "${String(status)}".`,
        );
      }
      const changes = updStatus.run({ status, at: now(), id, ...fencing.named() }).changes;
      return (
        fencing.checked(changes, { write: 'batches.setStatus', taskId: null, batchId: id }) > 0
      );
    },

    setEstimatedCost(id: string, estimatedCost: number | null): boolean {
      const changes = updEstimate.run({
        cost: estimatedCost,
        at: now(),
        id,
        ...fencing.named(),
      }).changes;
      return fencing.checked(changes) > 0;
    },
  };
}
