/** Modelverse: the async task API by default; the sync images endpoint as an option. */
import type { Http } from '../../http';
import { ProviderError } from '../../http-errors';
import { DEFAULT_RETRY, withRetry } from '../../retry';
import type { RetryPolicy } from '../../retry';
import { guardedSubmit } from '../submit-guard';
import type {
  ProviderClient,
  ProviderConfig,
  SubmitRequest,
  SubmitResult,
  TaskStatus,
} from '../types';
import {
  MODELVERSE_SERVICE,
  describeModelverseError,
  fromModelverseStatus,
  fromModelverseSubmit,
  fromModelverseSync,
  toModelverseSyncBody,
  toModelverseTaskBody,
} from './mapping';

export type ModelverseMode = 'async' | 'sync';

export interface ModelverseClientOptions {
  http: Http;
  retry?: RetryPolicy;
  mode?: ModelverseMode;
  /** How long a sync generation may take before its answer starts (default 5 min). */
  syncTimeoutMs?: number;
}

/** Remote ids of sync requests: there is no task to poll, the result came with the submit. */
export const SYNC_ID_PREFIX = 'sync:';

export class ModelverseClient implements ProviderClient {
  readonly id = 'modelverse' as const;
  // No idempotency key on the task API (external_task_id exists for Kling only).
  readonly idempotentSubmit = false;
  readonly mode: ModelverseMode;
  private readonly http: Http;
  private readonly retry: RetryPolicy;
  private readonly syncTimeoutMs: number;

  constructor(
    private readonly config: ProviderConfig,
    options: ModelverseClientOptions,
  ) {
    this.http = options.http;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.mode = options.mode ?? config.mode ?? 'async';
    this.syncTimeoutMs = options.syncTimeoutMs ?? 300_000;
  }

  private url(path: string): string {
    return `${this.config.baseUrl}${path}`;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.config.apiKey}` };
  }

  async submit(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    return this.mode === 'sync' ? this.submitSync(req, signal) : this.submitTask(req, signal);
  }

  private async submitTask(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    const body = toModelverseTaskBody(req.model, req.input);
    return guardedSubmit(
      async () => {
        const res = await this.http.json({
          method: 'POST',
          url: this.url('/v1/tasks/submit'),
          service: MODELVERSE_SERVICE,
          headers: this.auth(),
          json: body,
          signal,
          describeError: describeModelverseError,
        });
        return { remoteId: fromModelverseSubmit(res.body) };
      },
      { service: MODELVERSE_SERVICE, policy: this.retry, idempotent: false, signal },
    );
  }

  /** One request that answers with the images; a lost answer is an unknown outcome. */
  private async submitSync(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    const body = toModelverseSyncBody(req.model, req.input);
    return guardedSubmit(
      async () => {
        const res = await this.http.json({
          method: 'POST',
          url: this.url('/v1/images/generations'),
          service: MODELVERSE_SERVICE,
          headers: this.auth(),
          json: body,
          signal,
          headersTimeoutMs: this.syncTimeoutMs,
          describeError: describeModelverseError,
        });
        return {
          remoteId: `${SYNC_ID_PREFIX}${req.idempotencyKey}`,
          status: fromModelverseSync(res.body),
        };
      },
      { service: MODELVERSE_SERVICE, policy: this.retry, idempotent: false, signal },
    );
  }

  async status(_model: string, remoteId: string, signal?: AbortSignal): Promise<TaskStatus> {
    if (remoteId.startsWith(SYNC_ID_PREFIX)) {
      throw new ProviderError({
        code: 'not_supported',
        message:
          'This Modelverse request ran in sync mode: its result came with the submit and there is no task to poll.',
        retryable: false,
        mayHaveReachedServer: false,
      });
    }
    const query = new URLSearchParams({ task_id: remoteId });
    return withRetry(
      async () => {
        const res = await this.http.json({
          method: 'GET',
          url: this.url(`/v1/tasks/status?${query.toString()}`),
          service: MODELVERSE_SERVICE,
          headers: this.auth(),
          signal,
          describeError: describeModelverseError,
        });
        return fromModelverseStatus(res.body);
      },
      this.retry,
      { signal },
    );
  }
}
