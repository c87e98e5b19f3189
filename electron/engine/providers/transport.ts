/**
 * The HTTP plumbing every provider client shares: the base URL, the Bearer header, one JSON
 * call with the provider's error reader, and the two ways of repeating it. Reads and uploads
 * go through `withRetry`; paid submits go only through `guardedSubmit`, which decides what
 * may be sent again. Paths, bodies and reply parsing stay in each provider's client.
 */
import type { FormData } from 'undici';
import type { Http } from '../http';
import type { ErrorDetail, ServiceLabel } from '../http-errors';
import { DEFAULT_RETRY, withRetry } from '../retry';
import type { RetryPolicy } from '../retry';
import { guardedSubmit } from './submit-guard';
import type { ProviderConfig } from './types';

/** What a client's options carry for the transport. */
export interface TransportOptions {
  http: Http;
  retry?: RetryPolicy;
}

/** Who is on the other end: the label errors name, and the reader of its error envelope. */
export interface ProviderWire {
  service: ServiceLabel;
  describeError: (body: unknown) => ErrorDetail;
}

/** Turns a parsed 2xx body into the caller's result; runs inside every attempt. */
export type ReadReply<T> = (body: unknown) => T;

export interface SubmitCall {
  /** The provider honours an idempotency key every attempt carries (see submit-guard.ts). */
  idempotent: boolean;
  /** Sent after the Bearer header (PoYo's idempotency key). */
  headers?: Record<string, string>;
  /** How long the answer may take to start (Modelverse sync generations). */
  headersTimeoutMs?: number;
  /**
   * This call's cap on the answer, above the 8 MiB default for JSON: an answer that carries
   * images inline (b64_json) is read in full, since refusing it after the provider was paid
   * would make the outcome unknown.
   */
  maxBytes?: number;
  signal?: AbortSignal;
}

type Payload = { json: unknown } | { form: FormData } | Record<string, never>;

export class ProviderTransport {
  readonly retry: RetryPolicy;
  private readonly http: Http;

  constructor(
    private readonly config: ProviderConfig,
    private readonly wire: ProviderWire,
    options: TransportOptions,
  ) {
    this.http = options.http;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** A GET, repeated under the retry policy: reading a status or a balance creates nothing. */
  async getJson<T>(path: string, read: ReadReply<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(() => this.once('GET', path, {}, read, { signal }), this.retry, { signal });
  }

  /**
   * A task's status: one quick repeat at most. The runner polls again on its own schedule,
   * with its own backoff and deadline; retrying inside each poll as well only pushes that
   * deadline back (five tries with backoff made one poll take up to 15 s).
   */
  async getStatusJson<T>(path: string, read: ReadReply<T>, signal?: AbortSignal): Promise<T> {
    const policy = { ...this.retry, maxAttempts: Math.min(2, this.retry.maxAttempts) };
    return withRetry(() => this.once('GET', path, {}, read, { signal }), policy, { signal });
  }

  /** A POST that creates nothing billable (an upload), repeated under the retry policy. */
  async postJson<T>(
    path: string,
    json: unknown,
    read: ReadReply<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    return withRetry(() => this.once('POST', path, { json }, read, { signal }), this.retry, {
      signal,
    });
  }

  /** A multipart POST; the form is built afresh for every attempt. */
  async postForm<T>(
    path: string,
    form: () => FormData,
    read: ReadReply<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    return withRetry(
      () => this.once('POST', path, { form: form() }, read, { signal }),
      this.retry,
      { signal },
    );
  }

  /**
   * A paid submit under the submit guard. `read` runs inside the guard on purpose: a 2xx the
   * client cannot read may still hold a task, so it must become an unknown outcome.
   */
  async submit<T>(path: string, json: unknown, read: ReadReply<T>, call: SubmitCall): Promise<T> {
    return guardedSubmit(() => this.once('POST', path, { json }, read, call), {
      service: this.wire.service,
      policy: this.retry,
      idempotent: call.idempotent,
      signal: call.signal,
    });
  }

  /** One attempt: the base URL joined with the path, Bearer auth first, no retry. */
  private async once<T>(
    method: 'GET' | 'POST',
    path: string,
    payload: Payload,
    read: ReadReply<T>,
    call: Omit<SubmitCall, 'idempotent'>,
  ): Promise<T> {
    const res = await this.http.json({
      method,
      url: `${this.config.baseUrl}${path}`,
      service: this.wire.service,
      headers: { authorization: `Bearer ${this.config.apiKey}`, ...call.headers },
      ...payload,
      signal: call.signal,
      headersTimeoutMs: call.headersTimeoutMs,
      maxBytes: call.maxBytes,
      describeError: this.wire.describeError,
    });
    return read(res.body);
  }
}
