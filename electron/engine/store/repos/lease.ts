// The driver lease row (migration 0003): who drives this database's batches. The store only
// reads and writes the row atomically; whether a holder is still alive is the caller's call
// (engine/runner/driver-lease.ts), since it needs the process table and the clock.
import type BetterSqlite3 from 'better-sqlite3';
import type { LeaseAcquired, LeaseHolder, LeaseRepo } from '../store-api';

interface LeaseRow {
  owner: string;
  pid: number;
  hostname: string;
  started_at: number;
  heartbeat_at: number;
}

function toHolder(row: LeaseRow): LeaseHolder {
  return {
    owner: row.owner,
    pid: row.pid,
    hostname: row.hostname,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
  };
}

export function createLeaseRepo(db: BetterSqlite3.Database): LeaseRepo {
  const select = db.prepare(
    'SELECT owner, pid, hostname, started_at, heartbeat_at FROM driver_lease WHERE id = 1',
  );
  const upsert = db.prepare(`INSERT INTO driver_lease
      (id, owner, pid, hostname, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid,
      hostname = excluded.hostname, started_at = excluded.started_at,
      heartbeat_at = excluded.heartbeat_at`);
  const renew = db.prepare('UPDATE driver_lease SET heartbeat_at = ? WHERE id = 1 AND owner = ?');
  const release = db.prepare('DELETE FROM driver_lease WHERE id = 1 AND owner = ?');
  const get = (): LeaseHolder | undefined => {
    const row = select.get() as LeaseRow | undefined;
    return row && toHolder(row);
  };

  // IMMEDIATE: the write lock is taken before the read, so two processes starting at the same
  // moment cannot both see a free row and both take it.
  const acquire = db.transaction(
    (me: LeaseHolder, isStale: (holder: LeaseHolder) => boolean): LeaseAcquired => {
      const current = get();
      if (current !== undefined && current.owner !== me.owner && !isStale(current)) {
        return { ok: false, holder: current };
      }
      const startedAt = current?.owner === me.owner ? current.startedAt : me.startedAt;
      upsert.run(me.owner, me.pid, me.hostname, startedAt, me.heartbeatAt);
      return {
        ok: true,
        previous: current !== undefined && current.owner !== me.owner ? current : null,
      };
    },
  );

  return {
    get,
    acquire: (me, isStale) => acquire.immediate(me, isStale),
    renew: (owner, now) => renew.run(now, owner).changes === 1,
    release(owner) {
      release.run(owner);
    },
  };
}
