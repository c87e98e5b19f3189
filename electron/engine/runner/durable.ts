// Database writes that must land. SQLite can refuse a write for a while (another process holds
// the write lock past busy_timeout, the disk is full for a moment): a write that records what a
// provider said (a remote id, an end state, a saved file) is retried with backoff until it
// lands, the runner closes, or its deadline passes; never dropped on the first error.
import { abortableSleep } from '../retry';

/** Errors worth retrying: the database was busy or the disk could not take the write. */
export function isTransientDbError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^SQLITE_(BUSY|LOCKED|IOERR|FULL|PROTOCOL|CANTOPEN)/.test(code);
}

export interface PersistOptions {
  signal: AbortSignal;
  /** How long to keep trying (monotonic ms). */
  deadlineMs: number;
  mono: () => number;
  /** Told of each failed try (the caller records it where it can). */
  onRetry?: (err: unknown, attempt: number) => void;
  /** Backoff of try n (tests shorten it). */
  delay?: (attempt: number) => number;
}

export type Persisted<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const DEFAULT_PERSIST_DEADLINE_MS = 10 * 60_000;

function defaultDelay(attempt: number): number {
  return Math.min(5_000, 100 * 2 ** (attempt - 1));
}

/**
 * Runs `write` until it succeeds. A non-transient error (a bug, a constraint) is returned at
 * once; so is a transient one once the deadline passed or the signal aborted.
 */
export async function persist<T>(write: () => T, o: PersistOptions): Promise<Persisted<T>> {
  const start = o.mono();
  const delay = o.delay ?? defaultDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: write() };
    } catch (err) {
      if (!isTransientDbError(err) || o.signal.aborted) return { ok: false, error: err };
      const wait = delay(attempt);
      if (o.mono() - start + wait > o.deadlineMs) return { ok: false, error: err };
      o.onRetry?.(err, attempt);
      try {
        await abortableSleep(wait, o.signal);
      } catch {
        return { ok: false, error: err };
      }
    }
  }
}
