// Migration 0005: outcomes that were `failed` with a text prefix become real output states.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../index';
import { migrate, schemaVersion } from '../migrate';
import { MIGRATIONS } from './index';

const dir = mkdtempSync(path.join(tmpdir(), 'genloom-m5-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0005', () => {
  it('turns prefixed failures into skipped and superseded outputs, keeping ids and the rest', () => {
    const file = path.join(dir, 'v4.db');
    const v4 = new Database(file);
    migrate(v4, MIGRATIONS.slice(0, 4));
    v4.exec(`INSERT INTO batches (id, name, provider, model, spec_json, status, out_dir, template,
      collision, currency, created_at, updated_at)
      VALUES ('b', 'b', 'poyo', 'm', '{}', 'done', '/o', 't', 'skip', 'credits', 1, 1)`);
    v4.exec(`INSERT INTO tasks (id, batch_id, seq, state, provider, model, params_json, prompt,
      idempotency_key, created_at, updated_at)
      VALUES ('t', 'b', 1, 'succeeded', 'poyo', 'm', '{}', 'p', 'k', 1, 1)`);
    const insert = v4.prepare(`INSERT INTO outputs (id, task_id, idx, url, type, state, error,
      created_at, path) VALUES (?, 't', ?, 'u', 'image', ?, ?, 5, ?)`);
    insert.run(
      7,
      0,
      'failed',
      'skipped: /o/a.png already exists (collision policy "skip")',
      '/o/a.png',
    );
    insert.run(8, 1, 'failed', 'superseded: a retry replaced this attempt (network)', null);
    insert.run(9, 2, 'failed', 'network: connection reset', null);
    insert.run(10, 3, 'done', null, '/o/b.png');
    v4.close();

    const store = openStore(file);
    try {
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
      const byId = new Map(store.outputs.listByTask('t').map((o) => [o.id, o]));
      expect(byId.get(7)).toMatchObject({
        state: 'skipped',
        error: '/o/a.png already exists (collision policy "skip")',
        path: '/o/a.png',
      });
      expect(byId.get(8)).toMatchObject({
        state: 'superseded',
        error: 'a retry replaced this attempt (network)',
      });
      expect(byId.get(9)).toMatchObject({ state: 'failed', error: 'network: connection reset' });
      expect(byId.get(10)).toMatchObject({ state: 'done', path: '/o/b.png' });
      // The new states are accepted from now on; an unknown one is still refused.
      expect(() =>
        store.db.prepare("UPDATE outputs SET state = 'lost' WHERE id = 9").run(),
      ).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });
});
