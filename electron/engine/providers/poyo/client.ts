/** PoYo: unified submit and status, uploads for local images, balance. */
import { FormData } from 'undici';
import type { Http } from '../../http';
import { DEFAULT_RETRY, withRetry } from '../../retry';
import type { RetryPolicy } from '../../retry';
import { guardedSubmit } from '../submit-guard';
import { dataOf } from '../wire';
import type {
  LocalImage,
  ProviderClient,
  ProviderConfig,
  SubmitRequest,
  SubmitResult,
  TaskStatus,
} from '../types';
import {
  POYO_SERVICE,
  describePoyoError,
  fromPoyoStatus,
  fromPoyoSubmit,
  fromPoyoUpload,
  toPoyoBody,
} from './mapping';

export interface PoyoClientOptions {
  http: Http;
  retry?: RetryPolicy;
  /** `base64` (JSON body, the route most integrations use) or `stream` (multipart). */
  uploadMode?: 'base64' | 'stream';
}

export class PoyoClient implements ProviderClient {
  readonly id = 'poyo' as const;
  // PoYo's own client sends Idempotency-Key and its guidance says to reuse it across
  // transport retries; providers.md notes this is not independently confirmed.
  readonly idempotentSubmit = true;
  private readonly http: Http;
  private readonly retry: RetryPolicy;
  private readonly uploadMode: 'base64' | 'stream';

  constructor(
    private readonly config: ProviderConfig,
    options: PoyoClientOptions,
  ) {
    this.http = options.http;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.uploadMode = options.uploadMode ?? 'base64';
  }

  private url(path: string): string {
    return `${this.config.baseUrl}${path}`;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.config.apiKey}` };
  }

  async submit(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    const body = toPoyoBody(req.model, req.input);
    // Every attempt carries the same key, so a retried submit cannot start a second task.
    const headers = { ...this.auth(), 'idempotency-key': req.idempotencyKey };
    return guardedSubmit(
      async () => {
        const res = await this.http.json({
          method: 'POST',
          url: this.url('/api/generate/submit'),
          service: POYO_SERVICE,
          headers,
          json: body,
          signal,
          describeError: describePoyoError,
        });
        return { remoteId: fromPoyoSubmit(res.body) };
      },
      { service: POYO_SERVICE, policy: this.retry, idempotent: true, signal },
    );
  }

  async status(_model: string, remoteId: string, signal?: AbortSignal): Promise<TaskStatus> {
    return withRetry(
      async () => {
        const res = await this.http.json({
          method: 'GET',
          url: this.url(`/api/generate/status/${encodeURIComponent(remoteId)}`),
          service: POYO_SERVICE,
          headers: this.auth(),
          signal,
          describeError: describePoyoError,
        });
        return fromPoyoStatus(res.body);
      },
      this.retry,
      { signal },
    );
  }

  /** Hosts a local image on PoYo's storage (kept about 72 h) and returns its URL. */
  async upload(image: LocalImage, signal?: AbortSignal): Promise<string> {
    const fileName = uploadName(image);
    return withRetry(
      async () => {
        const res =
          this.uploadMode === 'stream'
            ? await this.http.json({
                method: 'POST',
                url: this.url('/api/common/upload/stream'),
                service: POYO_SERVICE,
                headers: this.auth(),
                form: streamForm(image, fileName),
                signal,
                describeError: describePoyoError,
              })
            : await this.http.json({
                method: 'POST',
                url: this.url('/api/common/upload/base64'),
                service: POYO_SERVICE,
                headers: this.auth(),
                json: {
                  base64_data: `data:${image.mime};base64,${image.bytes.toString('base64')}`,
                  file_name: fileName,
                },
                signal,
                describeError: describePoyoError,
              });
        return fromPoyoUpload(res.body);
      },
      this.retry,
      { signal },
    );
  }

  /** `GET /api/user/balance`; its shape is undocumented, so `data` is returned as is. */
  async balance(signal?: AbortSignal): Promise<unknown> {
    return withRetry(
      async () => {
        const res = await this.http.json({
          method: 'GET',
          url: this.url('/api/user/balance'),
          service: POYO_SERVICE,
          headers: this.auth(),
          signal,
          describeError: describePoyoError,
        });
        return dataOf(res.body);
      },
      this.retry,
      { signal },
    );
  }
}

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
};

/** A neutral name: the content hash, so the user's own file names never leave the machine. */
function uploadName(image: LocalImage): string {
  return `${image.sha256.slice(0, 16)}.${EXT[image.mime] ?? 'bin'}`;
}

function streamForm(image: LocalImage, fileName: string): FormData {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(image.bytes)], { type: image.mime }), fileName);
  form.set('file_name', fileName);
  return form;
}
