/** PoYo: unified submit and status, uploads for local images, balance. */
import { FormData } from 'undici';
import type { Http } from '../../http';
import type { RetryPolicy } from '../../retry';
import { ProviderTransport } from '../transport';
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
  private readonly transport: ProviderTransport;
  private readonly uploadMode: 'base64' | 'stream';

  constructor(config: ProviderConfig, options: PoyoClientOptions) {
    const wire = { service: POYO_SERVICE, describeError: describePoyoError };
    this.transport = new ProviderTransport(config, wire, options);
    this.uploadMode = options.uploadMode ?? 'base64';
  }

  async submit(req: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
    const body = toPoyoBody(req.model, req.input);
    // Every attempt carries the same key, so a retried submit cannot start a second task.
    return this.transport.submit(
      '/api/generate/submit',
      body,
      (reply) => ({ remoteId: fromPoyoSubmit(reply) }),
      {
        idempotent: this.idempotentSubmit,
        headers: { 'idempotency-key': req.idempotencyKey },
        signal,
      },
    );
  }

  async status(_model: string, remoteId: string, signal?: AbortSignal): Promise<TaskStatus> {
    const path = `/api/generate/status/${encodeURIComponent(remoteId)}`;
    return this.transport.getStatusJson(path, fromPoyoStatus, signal);
  }

  /** Hosts a local image on PoYo's storage (kept about 72 h) and returns its URL. */
  async upload(image: LocalImage, signal?: AbortSignal): Promise<string> {
    const fileName = uploadName(image);
    if (this.uploadMode === 'stream') {
      const form = () => streamForm(image, fileName);
      return this.transport.postForm('/api/common/upload/stream', form, fromPoyoUpload, signal);
    }
    const body = {
      base64_data: `data:${image.mime};base64,${image.bytes.toString('base64')}`,
      file_name: fileName,
    };
    return this.transport.postJson('/api/common/upload/base64', body, fromPoyoUpload, signal);
  }

  /** `GET /api/user/balance`; its shape is undocumented, so `data` is returned as is. */
  async balance(signal?: AbortSignal): Promise<unknown> {
    return this.transport.getJson('/api/user/balance', dataOf, signal);
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
