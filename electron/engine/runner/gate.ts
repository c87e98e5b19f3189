// One gate per provider, shared by every batch: how many tasks may be in flight at once, and a
// backoff that every request to the provider honours after a 429.

/**
 * One held concurrency slot. Released structurally: its owner (the in-flight registry) lets go
 * of it when the work ends, whatever the exit path; a second release does nothing.
 */
export interface Slot {
  release(): void;
  readonly released: boolean;
}

export interface GateOptions {
  now?: () => number;
  random?: () => number;
}

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** After a 429 lowered the ceiling, wait this long before trying one more slot again. */
const PROBE_AFTER_MS = 60_000;

export class ProviderGate {
  private active = 0;
  private ceiling: number;
  private blockedUntil = 0;
  private strikes = 0;
  private probeAt = 0;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private configured: number,
    opts: GateOptions = {},
  ) {
    this.ceiling = configured;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  get limit(): number {
    return this.configured;
  }

  get inFlight(): number {
    return this.active;
  }

  /** The limit in force: the configured one, or lower after the provider said 429. */
  get effectiveLimit(): number {
    if (this.ceiling < this.configured && this.probeAt > 0 && this.now() >= this.probeAt) {
      this.ceiling++;
      this.probeAt = this.ceiling < this.configured ? this.now() + PROBE_AFTER_MS : 0;
    }
    return Math.min(this.configured, this.ceiling);
  }

  setLimit(limit: number): void {
    this.configured = limit;
    this.ceiling = limit;
    this.probeAt = 0;
  }

  /** Slots free for new submits right now (0 while backing off). */
  free(): number {
    if (this.blockedFor() > 0) return 0;
    return Math.max(0, this.effectiveLimit - this.active);
  }

  /** Takes a slot; `force` for tasks already running remotely (resumed after a restart). */
  take(force = false): Slot | null {
    if (!force && this.free() <= 0) return null;
    this.active++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.active = Math.max(0, this.active - 1);
      },
      get released() {
        return released;
      },
    };
  }

  /** Milliseconds until requests may go out again; 0 when they may go now. */
  blockedFor(): number {
    return Math.max(0, this.blockedUntil - this.now());
  }

  /**
   * A 429. Everyone waits: the server's Retry-After when it sent one, else exponential backoff
   * with jitter. A refused submit also shows the provider's real limit is below what is in
   * flight, so the ceiling drops to that and only creeps back up a minute later.
   */
  onRateLimited(retryAfterMs: number | undefined, refusedSubmit: boolean): void {
    this.strikes++;
    const backoff =
      retryAfterMs ??
      Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (this.strikes - 1)) *
        (0.5 + this.random() / 2);
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + backoff);
    if (refusedSubmit) {
      // One refusal, one task too many (the refused one is among the active).
      this.ceiling = Math.max(1, Math.min(this.ceiling, this.active) - 1);
      this.probeAt = this.now() + PROBE_AFTER_MS;
    }
  }

  onSuccess(): void {
    this.strikes = 0;
  }
}
