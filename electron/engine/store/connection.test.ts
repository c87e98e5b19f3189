import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './connection';
import { migrate, schemaVersion } from './migrate';
import type { Migration } from './migrate';
import { MIGRATIONS } from './migrations';
import { StoreError } from './types';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'genloom-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('opens with WAL, foreign keys, synchronous=NORMAL and a busy timeout', () => {
    const store = openStore(join(dir, 'sub', 'genloom.db'));
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
    } finally {
      store.close();
    }
  });

  it('enforces foreign keys: a task for an unknown batch is refused', () => {
    const store = openStore(':memory:');
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO tasks (id, batch_id, seq, state, provider, model, params_json, prompt,
           idempotency_key, created_at, updated_at) VALUES ('t', 'nope', 1, 'queued', 'poyo',
           'm', '{}', 'p', 'k', 0, 0)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('reopens an existing database without re-running migrations', () => {
    const file = join(dir, 'a.db');
    const first = openStore(file);
    first.settings.set('theme', 'dark');
    first.close();
    const again = openStore(file);
    expect(again.settings.get('theme')).toBe('dark');
    again.close();
  });

  it('refuses a database newer than the code with db_too_new and leaves its schema alone', () => {
    const file = join(dir, 'new.db');
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    let caught: unknown;
    try {
      openStore(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).code).toBe('db_too_new');
    expect((caught as StoreError).message).toMatch(/schema version 99.*newer Genloom/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    expect(
      check.prepare("SELECT count(*) FROM sqlite_master WHERE type='table'").pluck().get(),
    ).toBe(0);
    check.close();
  });

  it('reports a file that is not a database as open_failed', () => {
    const file = join(dir, 'junk.db');
    writeFileSync(file, 'this is not sqlite, just text that is long enough to have a header');
    expect(() => openStore(file)).toThrow(expect.objectContaining({ code: 'open_failed' }));
  });
});

describe('migrate', () => {
  it('rolls a failing migration back completely, user_version included', () => {
    const db = new Database(':memory:');
    const migrations: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x INTEGER)') },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          d.exec('CREATE TABLE b (x INTEGER); INSERT INTO a VALUES (1);');
          throw new Error('boom in step two');
        },
      },
    ];
    expect(() => migrate(db, migrations)).toThrow(
      expect.objectContaining({
        code: 'migration_failed',
        message: expect.stringMatching(/2 \(two\).*boom/),
      }),
    );
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).toEqual(['a']);
    expect(db.prepare('SELECT count(*) FROM a').pluck().get()).toBe(0);
    db.close();
  });

  it('applies only the pending steps', () => {
    const db = new Database(':memory:');
    let runs = 0;
    const one: Migration = { version: 1, name: 'one', up: () => void runs++ };
    migrate(db, [one]);
    const two: Migration = { version: 2, name: 'two', up: () => void (runs += 10) };
    expect(migrate(db, [one, two])).toBe(2);
    expect(runs).toBe(11);
    db.close();
  });

  it('refuses migrations that are not numbered 1, 2, 3 without gaps', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, name: 'x', up: () => undefined }])).toThrow(
      /migrations\[0\]\.version must be 1/,
    );
    db.close();
  });
});
