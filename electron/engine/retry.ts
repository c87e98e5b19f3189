import { ProviderError, isProviderError } from './http-errors';

/** How a retryable call is repeated. Injectable so tests run without real waits. */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Give up once this much time has passed since the first attempt. */
  maxElapsedMs: number;
  /** A Retry-After longer than this is not waited for: the error goes back to the caller. */
  maxRetryAfterMs: number;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxElapsedMs: 90_000,
  maxRetryAfterMs: 60_000,
};

/** A policy that retries at once, for tests: the backoff arithmetic is tested on its own. */
export const IMMEDIATE_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 0,
  maxDelayMs: 0,
  maxElapsedMs: 60_000,
  maxRetryAfterMs: 60_000,
  sleep: () => Promise.resolve(),
};

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): ProviderError {
  return new ProviderError({
    code: 'aborted',
    message: 'The request was cancelled while waiting to retry.',
    retryable: false,
    mayHaveReachedServer: true,
  });
}

/**
 * Exponential backoff with full jitter (AWS style): a uniform wait in [0, min(max, base*2^n)].
 * A server's Retry-After replaces the jittered wait, because the server knows when it frees up.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor((policy.random ?? Math.random)() * cap);
}

export interface RetryContext {
  signal?: AbortSignal;
  /** Decides whether this error may be retried; defaults to `err.retryable`. */
  shouldRetry?: (err: ProviderError) => boolean;
  onRetry?: (err: ProviderError, attempt: number, delayMs: number) => void;
}

/** Runs `fn` until it succeeds, fails fatally, or the policy's budget is spent. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  ctx: RetryContext = {},
): Promise<T> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? abortableSleep;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isProviderError(err)) throw err;
      const allowed = ctx.shouldRetry ? ctx.shouldRetry(err) : err.retryable;
      if (!allowed || attempt >= policy.maxAttempts || ctx.signal?.aborted) throw err;
      if (err.retryAfterMs !== undefined && err.retryAfterMs > policy.maxRetryAfterMs) throw err;
      const delay = backoffDelay(attempt, policy, err.retryAfterMs);
      if (now() - started + delay > policy.maxElapsedMs) throw err;
      ctx.onRetry?.(err, attempt, delay);
      await sleep(delay, ctx.signal);
    }
  }
}
