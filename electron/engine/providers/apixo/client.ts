/** APIXO: generateTask / statusTask (the model is part of both paths), balance. No uploads. */
import type { Http } from '../../http';
import type { RetryPolicy } from '../../retry';
import { ProviderTransport } from '../transport';
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
  private readonly transport: ProviderTransport;

  constructor(config: ProviderConfig, options: ApixoClientOptions) {
    const wire = { service: APIXO_SERVICE, describeError: describeApixoError };
    this.transport = new ProviderTransport(config, wire, options);
  }

  async submit(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    const body = toApixoBody(req.input);
    return this.transport.submit(
      `/generateTask/${encodeURIComponent(req.model)}`,
      body,
      (reply) => ({ remoteId: fromApixoSubmit(reply) }),
      { idempotent: this.idempotentSubmit, signal },
    );
  }

  /** The status path needs the model, which is why the runner stores it with the task id. */
  async status(model: string, remoteId: string, signal?: AbortSignal): Promise<TaskStatus> {
    const query = new URLSearchParams({ taskId: remoteId });
    const path = `/statusTask/${encodeURIComponent(model)}?${query.toString()}`;
    return this.transport.getStatusJson(path, fromApixoStatus, signal);
  }

  /** `GET /apikeys/current-balance`; its shape is undocumented, so `data` is returned as is. */
  async balance(signal?: AbortSignal): Promise<unknown> {
    return this.transport.getJson('/apikeys/current-balance', dataOf, signal);
  }
}
