import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { makeDirsSync } from '../downloads/dirs';
import { migrate } from './migrate';
import type { Migration } from './migrate';
import { MIGRATIONS } from './migrations';
import { createBatchesRepo } from './repos/batches';
import { createEventsRepo } from './repos/events';
import { createHistoryRepo } from './repos/history';
import { createLeaseRepo } from './repos/lease';
import { createOutputsRepo } from './repos/outputs';
import { createSettingsRepo } from './repos/settings';
import { createTasksRepo } from './repos/tasks';
import { createUploadsRepo } from './repos/uploads';
import type { OpenStoreOptions, Store } from './store-api';
import { StoreError } from './types';

/** The pragmas every connection runs with (Signal/Bruno style). */
export const PRAGMAS = {
  journal_mode: 'wal',
  foreign_keys: 1,
  // NORMAL is durable in WAL mode except for the last commits before a power loss; a crash
  // of the process alone loses nothing.
  synchronous: 1,
  busy_timeout: 5000,
} as const;

function openFailed(file: string, why: string, cause: unknown): StoreError {
  return new StoreError('open_failed', `Could not open the database ${file}: ${why}`, { cause });
}

/**
 * The database's folder, one level at a time: Node 20's recursive mkdirSync never returns on
 * a folder like /proc/x (GENLOOM_HOME=/proc/x), so start-up would hang instead of saying why.
 */
function makeFolderOf(file: string): void {
  const folder = dirname(file);
  try {
    makeDirsSync(resolve(folder));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw openFailed(file, `the folder ${folder} cannot be created (${why})`, err);
  }
}

function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') makeFolderOf(file);
  try {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${PRAGMAS.busy_timeout}`);
    // Fail now, not on the first query, when the file is not a SQLite database.
    db.pragma('schema_version', { simple: true });
    return db;
  } catch (err) {
    throw openFailed(file, err instanceof Error ? err.message : String(err), err);
  }
}

/**
 * Opens the task store: the one owner of the database file. Runs pending migrations before
 * anything else reads it. `migrations` is for tests of the migration machinery only.
 */
export function openStore(
  file: string,
  opts: OpenStoreOptions & { migrations?: readonly Migration[] } = {},
): Store {
  const db = openDatabase(file);
  try {
    migrate(db, opts.migrations ?? MIGRATIONS, file);
  } catch (err) {
    db.close();
    throw err;
  }
  const now = opts.now ?? Date.now;
  return {
    file,
    db,
    batches: createBatchesRepo(db, now),
    tasks: createTasksRepo(db, now),
    outputs: createOutputsRepo(db, now),
    events: createEventsRepo(db, now),
    uploads: createUploadsRepo(db),
    settings: createSettingsRepo(db),
    history: createHistoryRepo(db),
    lease: createLeaseRepo(db),
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}
