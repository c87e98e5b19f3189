/** Modelverse: the async task API by default; the sync images endpoint as an option. */
import type { Http } from '../../http';
import { ProviderError } from '../../http-errors';
import type { RetryPolicy } from '../../retry';
import { ProviderTransport } from '../transport';
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

/**
 * A sync answer carries its images inline when the server sends `b64_json` (several MiB per
 * image, up to n of them); JSON answers are otherwise capped at 8 MiB.
 */
export const SYNC_REPLY_MAX_BYTES = 64 * 1024 * 1024;

/** Remote ids of sync requests: there is no task to poll, the result came with the submit. */
export const SYNC_ID_PREFIX = 'sync:';

export class ModelverseClient implements ProviderClient {
  readonly id = 'modelverse' as const;
  // No idempotency key on the task API (external_task_id exists for Kling only).
  readonly idempotentSubmit = false;
  readonly mode: ModelverseMode;
  private readonly transport: ProviderTransport;
  private readonly syncTimeoutMs: number;

  constructor(config: ProviderConfig, options: ModelverseClientOptions) {
    const wire = { service: MODELVERSE_SERVICE, describeError: describeModelverseError };
    this.transport = new ProviderTransport(config, wire, options);
    this.mode = options.mode ?? config.mode ?? 'async';
    this.syncTimeoutMs = options.syncTimeoutMs ?? 300_000;
  }

  async submit(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    return this.mode === 'sync' ? this.submitSync(req, signal) : this.submitTask(req, signal);
  }

  private async submitTask(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    const body = toModelverseTaskBody(req.model, req.input);
    return this.transport.submit(
      '/v1/tasks/submit',
      body,
      (reply) => ({ remoteId: fromModelverseSubmit(reply) }),
      { idempotent: this.idempotentSubmit, signal },
    );
  }

  /** One request that answers with the images; a lost answer is an unknown outcome. */
  private async submitSync(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    const body = toModelverseSyncBody(req.model, req.input);
    return this.transport.submit(
      '/v1/images/generations',
      body,
      (reply) => ({
        remoteId: `${SYNC_ID_PREFIX}${req.idempotencyKey}`,
        status: fromModelverseSync(reply),
      }),
      {
        idempotent: this.idempotentSubmit,
        headersTimeoutMs: this.syncTimeoutMs,
        maxBytes: SYNC_REPLY_MAX_BYTES,
        signal,
      },
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
    return this.transport.getStatusJson(
      `/v1/tasks/status?${query.toString()}`,
      fromModelverseStatus,
      signal,
    );
  }
}
