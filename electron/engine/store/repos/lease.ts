// The driver lease row (migrations 0003, 0004) and the fence it gives the driving process's
// writes. The store only reads and writes the row atomically; whether a holder is still alive
// is the caller's call (engine/runner/driver-lease.ts), since it needs the process table and
// a clock.
import type BetterSqlite3 from 'better-sqlite3';
import type { LeaseAcquired, LeaseClaim, LeaseFence, LeaseHolder, LeaseRepo } from '../store-api';

interface LeaseRow {
  generation: number;
  owner: string | null;
  pid: number | null;
  hostname: string | null;
  pid_identity: string | null;
  started_at: number | null;
  heartbeat_at: number | null;
}

function toHolder(row: LeaseRow): LeaseHolder | undefined {
  if (row.owner === null) return undefined;
  return {
    owner: row.owner,
    pid: row.pid ?? 0,
    hostname: row.hostname ?? '',
    pidIdentity: row.pid_identity,
    startedAt: row.started_at ?? 0,
    heartbeatAt: row.heartbeat_at ?? 0,
    generation: row.generation,
  };
}

/**
 * The guard every fenced write carries, as a WHERE term (positional: owner, generation).
 * Inside the write's own statement, so a takeover (a write too) is either before it (0 rows
 * change) or after it: never in between.
 */
export const FENCE_SQL =
  'EXISTS (SELECT 1 FROM driver_lease WHERE id = 1 AND owner = ? AND generation = ?)';

/** The same term for one prepared statement that serves fenced and unfenced connections. */
export const FENCE_NAMED = `(@fenceOwner IS NULL OR EXISTS (SELECT 1 FROM driver_lease
  WHERE id = 1 AND owner = @fenceOwner AND generation = @fenceGeneration))`;

/** A write of a process whose lease was taken over: it no longer drives this database. */
export class LeaseLostError extends Error {
  readonly code = 'lease_lost';
  constructor(write: string) {
    super(
      `${write} was refused: this Genloom process no longer drives this database (another process took over its batches); restart Genloom to drive batches here again`,
    );
    this.name = 'LeaseLostError';
  }
}

/** A refused task write, kept in the event log: what it carried may exist nowhere else. */
export interface RefusedWrite {
  write: string;
  taskId: string | null;
  batchId: string | null;
  /** E.g. the remote id of a submit the stale holder made: the new holder may adopt it. */
  data?: Record<string, unknown>;
}

/** One connection's fence; the task and output repos consult it on every guarded write. */
export interface Fencing {
  current(): LeaseFence | null;
  /** Parameters for FENCE_NAMED. */
  named(): { fenceOwner: string | null; fenceGeneration: number | null };
  /**
   * This connection is fenced and its fence no longer holds (the lease was taken over): tells
   * the holder (onRefused) and answers true. For a transaction that must not start at all.
   */
  lost(): boolean;
  /**
   * After a fenced write: when it changed nothing and the fence no longer holds, tells the
   * holder (onRefused) and answers true; false when nothing was refused by the fence.
   */
  refused(changes: number): boolean;
  /**
   * refused(changes), then passes changes through: `fencing.checked(stmt.run(...).changes)`.
   * A refusal is recorded as a `lease.write_refused` event (events are not fenced).
   */
  checked(changes: number, write?: RefusedWrite): number;
}

interface FenceState {
  fence: LeaseFence | null;
  onRefused: (() => void) | undefined;
  holds: BetterSqlite3.Statement | undefined;
  record: BetterSqlite3.Statement | undefined;
}

// Keyed by connection: two stores on one file (two processes, or two engines in a test) each
// have their own fence, and no repo needs the other's object to find it.
const states = new WeakMap<BetterSqlite3.Database, FenceState>();

function stateOf(db: BetterSqlite3.Database): FenceState {
  let s = states.get(db);
  if (s === undefined) {
    s = { fence: null, onRefused: undefined, holds: undefined, record: undefined };
    states.set(db, s);
  }
  return s;
}

export function fencingOf(db: BetterSqlite3.Database, now: () => number = Date.now): Fencing {
  const s = stateOf(db);
  const lost = (): boolean => {
    const fence = s.fence;
    if (fence === null) return false;
    s.holds ??= db.prepare(`SELECT ${FENCE_SQL}`).pluck();
    if (s.holds.get(fence.owner, fence.generation) === 1) return false;
    s.onRefused?.();
    return true;
  };
  const refused = (changes: number): boolean => changes === 0 && lost();
  return {
    current: () => s.fence,
    named: () => ({
      fenceOwner: s.fence?.owner ?? null,
      fenceGeneration: s.fence?.generation ?? null,
    }),
    lost,
    refused,
    checked(changes, write) {
      if (refused(changes) && write !== undefined) {
        s.record ??= db.prepare(`INSERT INTO events (at, batch_id, task_id, kind, data_json)
          VALUES (?, ?, ?, 'lease.write_refused', ?)`);
        const data = { write: write.write, ...s.fence, ...write.data };
        s.record.run(now(), write.batchId, write.taskId, JSON.stringify(data));
      }
      return changes;
    },
  };
}

export function createLeaseRepo(db: BetterSqlite3.Database): LeaseRepo {
  const select = db.prepare(`SELECT generation, owner, pid, hostname, pid_identity, started_at,
    heartbeat_at FROM driver_lease WHERE id = 1`);
  const upsert = db.prepare(`INSERT INTO driver_lease (id, generation, owner, pid, hostname,
      pid_identity, started_at, heartbeat_at) VALUES (1, @generation, @owner, @pid, @hostname,
      @pidIdentity, @startedAt, @heartbeatAt)
    ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, owner = excluded.owner,
      pid = excluded.pid, hostname = excluded.hostname, pid_identity = excluded.pid_identity,
      started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`);
  // MAX(.., +1): a beat always changes the value, even after the clock went backwards, since
  // watchers judge silence by whether the value changed, not by how old it looks.
  const renew = db.prepare(`UPDATE driver_lease SET heartbeat_at = MAX(?, heartbeat_at + 1)
    WHERE id = 1 AND owner = ?`);
  // The row stays: its generation must keep growing across holders.
  const release = db.prepare(`UPDATE driver_lease SET owner = NULL, pid = NULL, hostname = NULL,
    pid_identity = NULL, started_at = NULL, heartbeat_at = NULL WHERE id = 1 AND owner = ?`);
  const row = (): LeaseRow | undefined => select.get() as LeaseRow | undefined;
  const fence = stateOf(db);

  // IMMEDIATE: the write lock is taken before the read, so two processes starting at the same
  // moment cannot both see a free row and both take it.
  const acquire = db.transaction(
    (me: LeaseClaim, isStale: (holder: LeaseHolder) => boolean): LeaseAcquired => {
      const found = row();
      const current = found && toHolder(found);
      if (current !== undefined && current.owner !== me.owner && !isStale(current)) {
        return { ok: false, holder: current };
      }
      const ours = current?.owner === me.owner;
      const generation = ours ? current.generation : (found?.generation ?? 0) + 1;
      upsert.run({
        generation,
        owner: me.owner,
        pid: me.pid,
        hostname: me.hostname,
        pidIdentity: me.pidIdentity ?? null,
        startedAt: ours ? current.startedAt : me.startedAt,
        heartbeatAt: me.heartbeatAt,
      });
      return { ok: true, previous: current !== undefined && !ours ? current : null, generation };
    },
  );

  return {
    get: () => {
      const found = row();
      return found && toHolder(found);
    },
    acquire: (me, isStale) => acquire.immediate(me, isStale),
    renew: (owner, now) => renew.run(now, owner).changes === 1,
    release(owner) {
      release.run(owner);
    },
    setFence(next, onRefused) {
      fence.fence = next && { owner: next.owner, generation: next.generation };
      fence.onRefused = next ? onRefused : undefined;
    },
    fence: () => fence.fence,
  };
}
