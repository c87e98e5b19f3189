/** APIXO: generateTask / statusTask (the model is part of both paths), balance. No uploads. */
import type { Http } from '../../http';
import { DEFAULT_RETRY, withRetry } from '../../retry';
import type { RetryPolicy } from '../../retry';
import { guardedSubmit } from '../submit-guard';
import { dataOf } from '../wire';
import type {
  ProviderClient,
  ProviderConfig,
  SubmitRequest,
  SubmitResult,
  TaskStatus,
} from '../types';
import {
  APIXO_SERVICE,
  describeApixoError,
  fromApixoStatus,
  fromApixoSubmit,
  toApixoBody,
} from './mapping';

export interface ApixoClientOptions {
  http: Http;
  retry?: RetryPolicy;
}

export class ApixoClient implements ProviderClient {
  readonly id = 'apixo' as const;
  // No idempotency key: a submit that may have reached APIXO is never sent again.
  readonly idempotentSubmit = false;
  private readonly http: Http;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly config: ProviderConfig,
    options: ApixoClientOptions,
  ) {
    this.http = options.http;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  private url(path: string): string {
    return `${this.config.baseUrl}${path}`;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.config.apiKey}` };
  }

  async submit(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    const body = toApixoBody(req.input);
    return guardedSubmit(
      async () => {
        const res = await this.http.json({
          method: 'POST',
          url: this.url(`/generateTask/${encodeURIComponent(req.model)}`),
          service: APIXO_SERVICE,
          headers: this.auth(),
          json: body,
          signal,
          describeError: describeApixoError,
        });
        return { remoteId: fromApixoSubmit(res.body) };
      },
      { service: APIXO_SERVICE, policy: this.retry, idempotent: false, signal },
    );
  }

  /** The status path needs the model, which is why the runner stores it with the task id. */
  async status(model: string, remoteId: string, signal?: AbortSignal): Promise<TaskStatus> {
    const query = new URLSearchParams({ taskId: remoteId });
    return withRetry(
      async () => {
        const res = await this.http.json({
          method: 'GET',
          url: this.url(`/statusTask/${encodeURIComponent(model)}?${query.toString()}`),
          service: APIXO_SERVICE,
          headers: this.auth(),
          signal,
          describeError: describeApixoError,
        });
        return fromApixoStatus(res.body);
      },
      this.retry,
      { signal },
    );
  }

  /** `GET /apikeys/current-balance`; its shape is undocumented, so `data` is returned as is. */
  async balance(signal?: AbortSignal): Promise<unknown> {
    return withRetry(
      async () => {
        const res = await this.http.json({
          method: 'GET',
          url: this.url('/apikeys/current-balance'),
          service: APIXO_SERVICE,
          headers: this.auth(),
          signal,
          describeError: describeApixoError,
        });
        return dataOf(res.body);
      },
      this.retry,
      { signal },
    );
  }
}
