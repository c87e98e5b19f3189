import type { Migration } from '../migrate';

// The driver lease becomes a fence (issue 9, finding 11):
// - `generation` grows by one at every acquisition by a new owner and is never reset, so the
//   row is kept when its holder lets go (the holder columns become NULL) instead of deleted.
//   Every task and output write of the driving process is guarded by (owner, generation): a
//   holder that was taken over while stalled has its late writes refused.
// - `pid_identity` names the holder's process beyond its pid (boot id and start time on
//   Linux): a pid reused by another process after a crash or a reboot is not mistaken for a
//   live holder. NULL where it cannot be read.
// SQLite cannot drop NOT NULL from a column, hence the copy.
const SQL = `
CREATE TABLE driver_lease_v4 (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  generation   INTEGER NOT NULL CHECK (generation >= 1),
  owner        TEXT,
  pid          INTEGER,
  hostname     TEXT,
  pid_identity TEXT,
  started_at   INTEGER,
  heartbeat_at INTEGER,
  CHECK ((owner IS NULL) = (pid IS NULL) AND (owner IS NULL) = (hostname IS NULL)
    AND (owner IS NULL) = (started_at IS NULL) AND (owner IS NULL) = (heartbeat_at IS NULL))
);
INSERT INTO driver_lease_v4 (id, generation, owner, pid, hostname, started_at, heartbeat_at)
  SELECT id, 1, owner, pid, hostname, started_at, heartbeat_at FROM driver_lease;
DROP TABLE driver_lease;
ALTER TABLE driver_lease_v4 RENAME TO driver_lease;
`;

export const migration0004: Migration = {
  version: 4,
  name: 'lease-fence',
  up(db) {
    db.exec(SQL);
  },
};
