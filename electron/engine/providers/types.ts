import type { ProviderId } from '../../../shared/catalog/types';

/** Where and how to reach one provider. Keys never leave the engine. */
export interface ProviderConfig {
  apiKey: string;
  baseUrl: string;
  /** Modelverse only: the async task API (default) or the sync images endpoint. */
  mode?: 'async' | 'sync';
}

export interface OutputFile {
  url: string;
  type: 'image' | 'video' | 'unknown';
}

/** One normalised task status, whatever the provider's wire format. Times are Unix ms. */
export type TaskStatus =
  | { state: 'queued' | 'running'; progress?: number; createdAt?: number; raw?: string }
  | {
      state: 'succeeded';
      outputs: OutputFile[];
      createdAt?: number;
      finishedAt?: number;
      /** What the provider says it charged, when it says so (PoYo credits_amount). */
      charged?: number;
    }
  | { state: 'failed'; code: string; message: string; createdAt?: number; finishedAt?: number }
  | { state: 'canceled'; createdAt?: number; finishedAt?: number };

export interface SubmitRequest {
  model: string;
  /** Validated catalog input whose image references are already URLs or data URLs. */
  input: Record<string, unknown>;
  /** Stored before the submit leaves the machine; sent where the provider honours it. */
  idempotencyKey: string;
}

export interface SubmitResult {
  remoteId: string;
  /** Present when the provider answered with the final result at once (Modelverse sync). */
  status?: TaskStatus;
}

export interface LocalImage {
  path: string;
  bytes: Buffer;
  mime: string;
  sha256: string;
}

export interface ProviderClient {
  readonly id: ProviderId;
  /** True when a repeated submit with the same idempotency key cannot create a second task. */
  readonly idempotentSubmit: boolean;
  submit(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult>;
  status(model: string, remoteId: string, signal?: AbortSignal): Promise<TaskStatus>;
  /** Hosts a local image and returns its URL (PoYo). */
  upload?(image: LocalImage, signal?: AbortSignal): Promise<string>;
  balance?(signal?: AbortSignal): Promise<unknown>;
}
