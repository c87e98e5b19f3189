// One driver per database. Two processes on one GENLOOM_HOME (`genloom resume` in a terminal
// while the desktop app runs) would otherwise both drive the same tasks: one marks the other's
// in-flight APIXO/Modelverse submit `unknown`, both poll, both download. The engine that starts
// driving takes a lease row, renews it, and gives it up on close; another engine that finds a
// live lease reads but does not drive.
//
// A lease is taken over only from a holder proven gone: on this host, its pid is gone (kill -9)
// or now belongs to another process (pid reuse after a crash or reboot), which is decided at
// once; a live process on this host is never taken over, however long it stalls (SIGSTOP, a
// long GC, a laptop lid). Where that cannot be proven (another host, or no process identity to
// compare), only after a long silence, measured as how long THIS process has itself seen the
// same heartbeat value, on its monotonic clock: no wall clock is compared, so neither a clock
// jump nor two hosts' clocks disagreeing makes a live holder look dead.
//
// Holding the lease fences the store: every task and output write of this process applies only
// while the row still names us and our generation (store.lease.setFence). A holder that was
// taken over anyway has its late writes refused, learns it from the first one and stops.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { LeaseHolder, LeaseRepo } from '../store/index';
import { EngineError } from './engine-error';

export interface LeaseTiming {
  /** How often the holder writes its heartbeat. Default 5 s. */
  heartbeatMs?: number;
  /**
   * How long a holder whose life cannot be proven (another host, no process identity) must
   * be seen silent before it is judged gone. Default 10 minutes.
   */
  silenceMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 5_000;
export const DEFAULT_SILENCE_MS = 10 * 60_000;

export interface DriverLeaseOptions extends LeaseTiming {
  /** The wall clock: written into the row for people to read, never used to judge it. */
  now?: () => number;
  /** The clock silence is measured on. Default performance.now (monotonic). */
  monotonic?: () => number;
  pid?: number;
  hostname?: string;
  /** Is a process on this host alive? Default: pidAlive. */
  isAlive?: (pid: number) => boolean;
  /** Which process holds this pid now (null: cannot tell)? Default: processIdentity. */
  identity?: (pid: number) => string | null;
  /** Someone took the lease over while we held it (found by a heartbeat or a refused write). */
  onLost?: () => void;
  /** A wait (waitForFree) ended: the lease is ours now. */
  onAcquired?: () => void;
  /** We took over a gone holder's lease. */
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

let bootId: string | undefined;

/**
 * Names the process behind a pid beyond the pid itself: the boot and the start time (clock
 * ticks since boot) on Linux, so a pid reused by another process never matches. Null where
 * /proc cannot tell (macOS, Windows, a pid that is gone).
 */
export function processIdentity(pid: number): string | null {
  try {
    bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: [0] is field 3, starttime is 22.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start ? `${bootId}/${start}` : null;
  } catch {
    return null;
  }
}

export function busyMessage(holder: LeaseHolder): string {
  const since = new Date(holder.startedAt).toISOString();
  return `another Genloom process (pid ${holder.pid} on ${holder.hostname}, since ${since}) is running batches on this database; wait for it to finish or close it`;
}

const LOST_MESSAGE =
  'this Genloom process stalled and another one took over its batches on this database; restart Genloom to drive batches here again';

/** The same heartbeat, as first seen by this process, on its monotonic clock. */
interface Sighting {
  owner: string;
  generation: number;
  heartbeatAt: number;
  since: number;
}

export class DriverLease {
  readonly owner = randomUUID();
  readonly pid: number;
  readonly hostname: string;
  private readonly pidIdentity: string | null;
  private readonly heartbeatMs: number;
  private readonly silenceMs: number;
  private readonly now: () => number;
  private readonly monotonic: () => number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly identity: (pid: number) => string | null;
  private generation: number | null = null;
  private sighting: Sighting | null = null;
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
    this.silenceMs = opts.silenceMs ?? DEFAULT_SILENCE_MS;
    this.now = opts.now ?? Date.now;
    this.monotonic = opts.monotonic ?? (() => performance.now());
    this.isAlive = opts.isAlive ?? pidAlive;
    this.identity = opts.identity ?? processIdentity;
    this.pidIdentity = this.identity(this.pid);
  }

  get held(): boolean {
    return this.generation !== null;
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
    return this.isGone(row) ? undefined : row;
  }

  /** Before each round of submits, and on a refused write: is the row still ours? */
  verify(): boolean {
    if (!this.held) return false;
    const row = this.repo.get();
    if (row?.owner === this.owner && row.generation === this.generation) return true;
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

  /** Gives the lease up. The store stays fenced: nothing may write task state after this. */
  release(): void {
    this.stop();
    if (this.generation === null) return;
    this.generation = null;
    this.repo.release(this.owner);
  }

  private isGone(holder: LeaseHolder): boolean {
    if (holder.hostname === this.hostname) {
      // kill -9, a crash, a power loss: its pid is gone, so it is, at once.
      if (!this.isAlive(holder.pid)) return true;
      const current = holder.pidIdentity === null ? null : this.identity(holder.pid);
      // Proven one way or the other: the same process lives (however long it stalls), or
      // its pid now names another process.
      if (current !== null) return current !== holder.pidIdentity;
    }
    return this.silentFor(holder) >= this.silenceMs;
  }

  /** How long this process has seen the holder's heartbeat unchanged (0 on a new one). */
  private silentFor(holder: LeaseHolder): number {
    const at = this.monotonic();
    const seen = this.sighting;
    if (
      seen !== null &&
      seen.owner === holder.owner &&
      seen.generation === holder.generation &&
      seen.heartbeatAt === holder.heartbeatAt
    ) {
      return at - seen.since;
    }
    this.sighting = {
      owner: holder.owner,
      generation: holder.generation,
      heartbeatAt: holder.heartbeatAt,
      since: at,
    };
    return 0;
  }

  private tryAcquire(): LeaseHolder | null {
    const now = this.now();
    const result = this.repo.acquire(
      {
        owner: this.owner,
        pid: this.pid,
        hostname: this.hostname,
        pidIdentity: this.pidIdentity,
        startedAt: now,
        heartbeatAt: now,
      },
      (holder) => this.isGone(holder),
    );
    if (!result.ok) return result.holder;
    this.generation = result.generation;
    // From here on, this process's task and output writes hold only while the lease does.
    this.repo.setFence({ owner: this.owner, generation: result.generation }, () => {
      this.verify();
    });
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
      // A busy or closing database: the next heartbeat tries again, well within the silence.
    }
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.generation = null;
    this.stop();
    this.opts.onLost?.();
  }
}
