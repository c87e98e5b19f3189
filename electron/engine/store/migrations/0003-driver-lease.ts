import type { Migration } from '../migrate';

// One row at most: the process that drives this database's batches (submits, polls,
// downloads). A second process that finds a live row reads but does not drive, so it can
// neither mark the driver's in-flight submits `unknown` nor poll and download the same tasks.
const SQL = `
CREATE TABLE driver_lease (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  owner        TEXT    NOT NULL,
  pid          INTEGER NOT NULL,
  hostname     TEXT    NOT NULL,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
`;

export const migration0003: Migration = {
  version: 3,
  name: 'driver-lease',
  up(db) {
    db.exec(SQL);
  },
};
