import type { Migration } from '../migrate';

// Times are Unix ms INTEGER. CHECK constraints repeat the domain enums so a bad write fails
// loudly at the database instead of surfacing later as an impossible state.
const SQL = `
CREATE TABLE batches (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  spec_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'canceled', 'done')),
  out_dir TEXT NOT NULL,
  template TEXT NOT NULL,
  collision TEXT NOT NULL CHECK (collision IN ('suffix', 'overwrite', 'skip')),
  budget REAL,
  currency TEXT NOT NULL,
  estimated_cost REAL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX batches_status_created ON batches(status, created_at);
CREATE INDEX batches_created ON batches(created_at);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'submitting', 'submitted', 'running',
    'downloading', 'succeeded', 'failed', 'canceled', 'unknown')),
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  params_json TEXT NOT NULL,
  prompt TEXT NOT NULL,
  seed INTEGER,
  idempotency_key TEXT NOT NULL UNIQUE,
  remote_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  estimated_cost REAL,
  actual_cost REAL,
  outputs_expected INTEGER NOT NULL DEFAULT 1,
  poll_count INTEGER NOT NULL DEFAULT 0,
  next_poll_at INTEGER,
  submitted_at INTEGER,
  remote_created_at INTEGER,
  finished_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (batch_id, seq)
);
CREATE INDEX tasks_batch_state_seq ON tasks(batch_id, state, seq);
CREATE INDEX tasks_state ON tasks(state);

CREATE TABLE inputs (
  id INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  rel_path TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX inputs_task ON inputs(task_id);
CREATE INDEX inputs_sha256 ON inputs(sha256);

CREATE TABLE outputs (
  id INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  url TEXT NOT NULL,
  path TEXT,
  type TEXT NOT NULL CHECK (type IN ('image', 'video', 'unknown')),
  bytes INTEGER,
  sha256 TEXT,
  sidecar_path TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
  error TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (task_id, idx)
);
CREATE INDEX outputs_created ON outputs(created_at, id);
CREATE INDEX outputs_sha256 ON outputs(sha256);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  batch_id TEXT,
  task_id TEXT,
  kind TEXT NOT NULL,
  data_json TEXT
);
CREATE INDEX events_batch ON events(batch_id, id);
CREATE INDEX events_task ON events(task_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only: update refused'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only: delete refused'); END;

CREATE TABLE uploads (
  sha256 TEXT NOT NULL,
  provider TEXT NOT NULL,
  url TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL,
  PRIMARY KEY (sha256, provider)
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
);

-- One row per task, written by tasks.insertMany. Keyed by task_id (UNINDEXED) rather than
-- by the tasks rowid, because VACUUM may renumber rowids of a table with a TEXT primary key.
CREATE VIRTUAL TABLE task_fts USING fts5(
  task_id UNINDEXED,
  prompt,
  files,
  batch_name,
  tokenize = 'unicode61 remove_diacritics 2'
);
`;

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL);
  },
};
