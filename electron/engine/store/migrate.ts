import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from './types';

export interface Migration {
  /** 1, 2, 3...: becomes PRAGMA user_version once applied. */
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

export function schemaVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StoreError(
        'migration_failed',
        `migrations[${i}].version must be ${i + 1} (numbered 1, 2, 3... without gaps); got ${m.version}.`,
      );
    }
  });
}

/**
 * Brings the schema up to the last migration. Each migration and its user_version bump run
 * in ONE immediate transaction, so a failure leaves the database exactly as it was and two
 * processes opening the same file cannot both apply a step. A database whose user_version is
 * newer than this code is refused rather than guessed at.
 */
export function migrate(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[],
  file = 'the database',
): number {
  checkOrder(migrations);
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreError(
      'db_too_new',
      `${file} has schema version ${current}, but this Genloom only knows versions up to ${latest}: it was written by a newer Genloom. Update Genloom, or open another database file.`,
    );
  }
  for (const m of migrations.slice(current)) {
    const step = db.transaction(() => {
      // Another process may have applied it between our read and our lock.
      if (schemaVersion(db) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      step.immediate();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new StoreError(
        'migration_failed',
        `Migration ${m.version} (${m.name}) failed and was rolled back; the database is unchanged at version ${schemaVersion(db)}: ${why}`,
        { cause: err },
      );
    }
  }
  return schemaVersion(db);
}
