/**
 * The rule that keeps a paid task from being submitted twice by accident: which submit
 * failures may be retried, and which become "outcome unknown" for the runner to park.
 */
import { ProviderError } from '../http-errors';
import type { ServiceLabel } from '../http-errors';
import { withRetry } from '../retry';
import type { RetryPolicy } from '../retry';

/**
 * True when the error proves the provider did not accept the submit, so sending it again
 * cannot create a second task:
 * - the request never reached a server (connection refused, DNS, connect timeout);
 * - 429: rate and concurrency limits are checked at the door, before any task exists;
 * - 503 carrying the provider's own JSON error envelope: the provider's application answered
 *   that it is not taking work. Without the envelope the 503 may come from a proxy that lost
 *   track of a request the application did take.
 * Everything else proves nothing, and the task may exist and be billed: 500 (may fail after
 * the task was stored), 502 (APIXO: "third-party model service error", i.e. the provider was
 * already talking to the model upstream), 504 and 408 (timeouts by definition), a timeout or
 * reset after sending, an answer cut short.
 */
export function provablyNotAccepted(err: ProviderError): boolean {
  if (!err.mayHaveReachedServer) return true;
  if (err.code === 'rate_limited') return true;
  return err.httpStatus === 503 && err.hasEnvelope;
}

export function outcomeUnknown(err: ProviderError, service: ServiceLabel): ProviderError {
  return new ProviderError({
    code: 'submit_outcome_unknown',
    message: `The submit to ${service.name} may or may not have created a task (${err.message}) Genloom did not send it again, so you are not charged twice; check the ${service.name} dashboard before retrying this task.`,
    retryable: false,
    mayHaveReachedServer: true,
    httpStatus: err.httpStatus,
    providerMessage: err.providerMessage,
    cause: err,
  });
}

function ambiguous(err: ProviderError): boolean {
  // A 2xx the client could not read may hold a task id: the task may exist.
  if (err.code === 'bad_reply' || err.code === 'aborted') return true;
  return err.retryable && !provablyNotAccepted(err);
}

export interface GuardOptions {
  service: ServiceLabel;
  policy: RetryPolicy;
  /** The provider honours an idempotency key that every attempt carries. */
  idempotent: boolean;
  signal?: AbortSignal;
}

/**
 * Runs a submit. Idempotent providers retry every retryable failure (the same key makes a
 * repeat harmless). Others retry only failures that prove the task was not accepted. A final
 * failure that leaves the outcome open becomes `submit_outcome_unknown`.
 */
export async function guardedSubmit<T>(fn: () => Promise<T>, opts: GuardOptions): Promise<T> {
  if (opts.signal?.aborted) {
    throw new ProviderError({
      code: 'aborted',
      message: `The submit to ${opts.service.name} was cancelled before it was sent.`,
      retryable: false,
      mayHaveReachedServer: false,
    });
  }
  try {
    return await withRetry(fn, opts.policy, {
      signal: opts.signal,
      shouldRetry: (err) => err.retryable && (opts.idempotent || provablyNotAccepted(err)),
    });
  } catch (err) {
    if (err instanceof ProviderError && ambiguous(err)) throw outcomeUnknown(err, opts.service);
    throw err;
  }
}
