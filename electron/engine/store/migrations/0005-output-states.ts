import type { Migration } from '../migrate';

// Output outcomes become real states. Before, an output the collision policy skipped and one a
// retry replaced were `failed` with a text prefix on the error ("skipped: ...",
// "superseded: ..."), and were counted and shown as failures. SQLite cannot change a CHECK in
// place: the table is rebuilt in the migration's transaction, ids kept.
const SQL = `
CREATE TABLE outputs_new (
  id INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  url TEXT NOT NULL,
  path TEXT,
  type TEXT NOT NULL CHECK (type IN ('image', 'video', 'unknown')),
  bytes INTEGER,
  sha256 TEXT,
  sidecar_path TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'skipped', 'superseded')),
  error TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (task_id, idx)
);
INSERT INTO outputs_new (id, task_id, idx, url, path, type, bytes, sha256, sidecar_path, state,
  error, created_at)
SELECT id, task_id, idx, url, path, type, bytes, sha256, sidecar_path,
  CASE
    WHEN state = 'failed' AND error LIKE 'skipped:%' THEN 'skipped'
    WHEN state = 'failed' AND error LIKE 'superseded:%' THEN 'superseded'
    ELSE state
  END,
  CASE
    WHEN state = 'failed' AND error LIKE 'skipped:%' THEN ltrim(substr(error, 9))
    WHEN state = 'failed' AND error LIKE 'superseded:%' THEN ltrim(substr(error, 12))
    ELSE error
  END,
  created_at
FROM outputs;
DROP TABLE outputs;
ALTER TABLE outputs_new RENAME TO outputs;
CREATE INDEX outputs_created ON outputs(created_at, id);
CREATE INDEX outputs_sha256 ON outputs(sha256);
CREATE INDEX outputs_state_created ON outputs(state, created_at, id);
`;

export const migration0005: Migration = {
  version: 5,
  name: 'output-states',
  up(db) {
    db.exec(SQL);
  },
};
