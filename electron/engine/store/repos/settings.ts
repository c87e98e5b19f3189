import type BetterSqlite3 from 'better-sqlite3';
import type { SettingsRepo } from '../store-api';
import { StoreError } from '../types';

// API keys live in the key vault / env, never in the database. A settings key that names a
// secret is refused so a careless caller cannot put one here by accident.
const SECRET_KEY = /api[-_. ]?key|secret|token|password|passwd|bearer|credential/i;

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
    throw new StoreError('invalid_input', 'settings key must be a string of 1 to 200 characters.');
  }
  if (SECRET_KEY.test(key)) {
    throw new StoreError(
      'secret_refused',
      `settings key "${key}" looks like a secret; API keys are never stored in the database.`,
    );
  }
}

export function createSettingsRepo(db: BetterSqlite3.Database): SettingsRepo {
  const byKey = db.prepare('SELECT value_json FROM settings WHERE key = ?').pluck();
  const upsert = db.prepare(`INSERT INTO settings (key, value_json) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`);
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  const all = db.prepare('SELECT key, value_json FROM settings ORDER BY key');
  return {
    get(key: string): unknown {
      const v = byKey.get(key) as string | undefined;
      return v === undefined ? undefined : (JSON.parse(v) as unknown);
    },
    /** `undefined` removes the setting. */
    set(key: string, value: unknown): void {
      checkKey(key);
      if (value === undefined) {
        remove.run(key);
        return;
      }
      const json = JSON.stringify(value) as string | undefined;
      if (json === undefined) {
        throw new StoreError('invalid_input', `settings "${key}" value must be JSON-serialisable.`);
      }
      upsert.run(key, json);
    },
    all(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const r of all.all() as { key: string; value_json: string }[]) {
        out[r.key] = JSON.parse(r.value_json) as unknown;
      }
      return out;
    },
  };
}
