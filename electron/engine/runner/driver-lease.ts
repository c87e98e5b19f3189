// One driver per database. Two processes on one GENLOOM_HOME (`genloom resume` in a terminal
// while the desktop app runs) would otherwise both drive the same tasks: one marks the other's
// in-flight APIXO/Modelverse submit `unknown`, both poll, both download. The engine that starts
// driving takes a lease row, renews it, and gives it up on close; another engine that finds a
// live lease reads but does not drive. A lease whose process died (kill -9, power loss) is
// taken over: at once when it was on this host and its pid is gone, else once its heartbeat
// is older than the stale time.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { LeaseHolder, LeaseRepo } from '../store/index';
import { EngineError } from './engine-error';

export interface LeaseTiming {
  /** How often the holder writes its heartbeat. Default 5 s. */
  heartbeatMs?: number;
  /** A heartbeat older than this marks the holder dead. Default 30 s. */
  staleMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 5_000;
export const DEFAULT_STALE_MS = 30_000;

export interface DriverLeaseOptions extends LeaseTiming {
  now?: () => number;
  pid?: number;
  hostname?: string;
  /** Is a process on this host alive? Default: pidAlive. */
  isAlive?: (pid: number) => boolean;
  /** Someone took the lease over while we held it (we stalled past the stale time). */
  onLost?: () => void;
  /** A wait (waitForFree) ended: the lease is ours now. */
  onAcquired?: () => void;
  /** We took over a dead holder's lease. */
  onTakeOver?: (previous: LeaseHolder) => void;
}

/** True while the process exists; a zombie (killed, not yet reaped) counts as gone. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (error) {
    // No /proc (macOS, Windows): kill(0) answered, so it is alive.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || process.platform !== 'linux';
  }
}

export function busyMessage(holder: LeaseHolder): string {
  const since = new Date(holder.startedAt).toISOString();
  return `another Genloom process (pid ${holder.pid} on ${holder.hostname}, since ${since}) is running batches on this database; wait for it to finish or close it`;
}

const LOST_MESSAGE =
  'this Genloom process stalled and another one took over its batches on this database; restart Genloom to drive batches here again';

export class DriverLease {
  readonly owner = randomUUID();
  readonly pid: number;
  readonly hostname: string;
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  private readonly now: () => number;
  private readonly isAlive: (pid: number) => boolean;
  private heldSince: number | null = null;
  private lost = false;
  private waiting = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: LeaseRepo,
    private readonly opts: DriverLeaseOptions = {},
  ) {
    this.pid = opts.pid ?? process.pid;
    this.hostname = opts.hostname ?? os.hostname();
    this.heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
    this.now = opts.now ?? Date.now;
    this.isAlive = opts.isAlive ?? pidAlive;
  }

  get held(): boolean {
    return this.heldSince !== null;
  }

  /** Takes (or keeps) the lease; throws EngineError 'db_busy' naming the live holder. */
  ensure(): void {
    if (this.stopped && !this.lost) {
      throw new EngineError('db_busy', 'this Genloom engine is closed: start it again to drive');
    }
    if (this.lost || (this.held && !this.verify())) {
      throw new EngineError('db_busy', LOST_MESSAGE);
    }
    if (this.held) return;
    const holder = this.tryAcquire();
    if (holder) throw new EngineError('db_busy', busyMessage(holder));
  }

  /** The live holder when it is not us; undefined when the database is free or ours. */
  holder(): LeaseHolder | undefined {
    const row = this.repo.get();
    if (row === undefined || row.owner === this.owner) return undefined;
    return this.isStale(row, this.now()) ? undefined : row;
  }

  /** Before each round of submits: is the row still ours? Notices a takeover at once. */
  verify(): boolean {
    if (!this.held) return false;
    if (this.repo.get()?.owner === this.owner) return true;
    this.markLost();
    return false;
  }

  /** Keeps trying on every heartbeat until the lease is free, then calls onAcquired. */
  waitForFree(): void {
    if (this.stopped || this.lost) return;
    this.waiting = true;
    this.arm();
  }

  /** Stops heartbeats and waiting (close, step one); the lease is still ours until release. */
  stop(): void {
    this.stopped = true;
    this.waiting = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  release(): void {
    this.stop();
    if (this.heldSince === null) return;
    this.heldSince = null;
    this.repo.release(this.owner);
  }

  private isStale(holder: LeaseHolder, now: number): boolean {
    if (now - holder.heartbeatAt > this.staleMs) return true;
    return holder.hostname === this.hostname && !this.isAlive(holder.pid);
  }

  private tryAcquire(): LeaseHolder | null {
    const now = this.now();
    const result = this.repo.acquire(
      {
        owner: this.owner,
        pid: this.pid,
        hostname: this.hostname,
        startedAt: now,
        heartbeatAt: now,
      },
      (holder) => this.isStale(holder, now),
    );
    if (!result.ok) return result.holder;
    this.heldSince = now;
    if (result.previous) this.opts.onTakeOver?.(result.previous);
    this.arm();
    return null;
  }

  private arm(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.tick(), this.heartbeatMs);
    // The heartbeat alone must not keep a finished CLI alive.
    this.timer.unref();
  }

  private tick(): void {
    try {
      if (this.held) {
        if (!this.repo.renew(this.owner, this.now())) this.markLost();
        return;
      }
      if (this.waiting && this.tryAcquire() === null) {
        this.waiting = false;
        this.opts.onAcquired?.();
      }
    } catch {
      // A busy or closing database: the next heartbeat tries again, well within the stale time.
    }
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.heldSince = null;
    this.stop();
    this.opts.onLost?.();
  }
}
