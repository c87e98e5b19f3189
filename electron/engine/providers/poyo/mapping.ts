/** PoYo wire format <-> Genloom: bodies out, normalised statuses in. Pure functions only. */
import { z } from 'zod';
import { ProviderError, errorForStatus, looksLikeContentRejection } from '../../http-errors';
import type { ErrorDetail, ServiceLabel } from '../../http-errors';
import type { TaskStatus } from '../types';
import {
  badReply,
  defined,
  outputType,
  parsePoyoTime,
  parseReply,
  succeededOrEmpty,
} from '../wire';

export const POYO_SERVICE: ServiceLabel = { name: 'PoYo', keyEnv: 'GENLOOM_POYO_API_KEY' };

export interface PoyoSubmitBody {
  model: string;
  input: Record<string, unknown>;
}

/**
 * The catalog input already uses PoYo's field names, so it goes into `input` as is.
 * No callback_url: a desktop has no public URL, results are polled.
 */
export function toPoyoBody(model: string, input: Record<string, unknown>): PoyoSubmitBody {
  return { model, input: defined(input) };
}

const envelopeCode = z.union([z.number(), z.string()]).nullish();

const submitReply = z.object({
  code: envelopeCode,
  data: z.object({ task_id: z.string().min(1) }),
});

const statusReply = z.object({
  code: envelopeCode,
  data: z.object({
    task_id: z.string().nullish(),
    status: z.string(),
    progress: z.number().nullish(),
    files: z
      .array(z.object({ file_url: z.string().min(1), file_type: z.string().nullish() }))
      .nullish(),
    created_time: z.string().nullish(),
    finished_time: z.string().nullish(),
    error_message: z.string().nullish(),
    // Read loosely: a cost in an odd shape must not hide a finished (paid) task. What it says
    // is checked by the runner before it is recorded (runner/cost.ts checkCharge).
    credits_amount: z.unknown().optional(),
  }),
});

/** The charged figure as a number; NaN when it is there but not a number (refused later). */
function chargedOf(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

const uploadReply = z.object({
  success: z.boolean().nullish(),
  code: envelopeCode,
  data: z
    .object({ file_url: z.string().min(1).nullish(), download_url: z.string().min(1).nullish() })
    .nullish(),
});

function messageOf(body: Record<string, unknown>): string | undefined {
  for (const key of ['detail', 'error']) {
    const inner = body[key];
    if (typeof inner === 'object' && inner !== null) {
      const m = (inner as Record<string, unknown>).message;
      if (typeof m === 'string') return m;
    }
    if (typeof inner === 'string') return inner;
  }
  for (const key of ['message', 'msg']) if (typeof body[key] === 'string') return body[key];
  return undefined;
}

/** PoYo's error envelope: `{code, error:{message, type}}` (also `detail.message`, `msg`). */
export function describePoyoError(body: unknown): ErrorDetail {
  if (typeof body !== 'object' || body === null) {
    return { providerMessage: typeof body === 'string' && body ? body.slice(0, 300) : undefined };
  }
  const record = body as Record<string, unknown>;
  const message = messageOf(record);
  const error = record.error;
  const type =
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string'
      ? (error as { type: string }).type
      : undefined;
  return {
    providerMessage: message,
    providerCode: type,
    hasEnvelope: message !== undefined || 'code' in record,
    contentRejected: looksLikeContentRejection(message, type),
    noBalance: /insufficient (credit|balance)/i.test(message ?? ''),
  };
}

/** PoYo can answer HTTP 200 with `code` >= 400 in the body: that is an error too. */
function assertEnvelopeOk(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const raw = (body as { code?: unknown }).code;
  const code = typeof raw === 'string' ? Number(raw) : raw;
  if (
    typeof code === 'number' &&
    Number.isFinite(code) &&
    code !== 0 &&
    code !== 200 &&
    code >= 400
  ) {
    throw errorForStatus(code, POYO_SERVICE, describePoyoError(body));
  }
}

/** The task id from a submit answer. */
export function fromPoyoSubmit(body: unknown): string {
  assertEnvelopeOk(body);
  return parseReply(submitReply, body, 'PoYo', 'submit answer').data.task_id;
}

const QUEUED = new Set(['not_started', 'pending', 'queued']);
const SUCCEEDED = new Set(['finished', 'success', 'succeeded', 'completed']);
const FAILED = new Set(['failed', 'failure', 'error']);

/** One normalised status from `GET /api/generate/status/{task_id}`. */
export function fromPoyoStatus(body: unknown): TaskStatus {
  assertEnvelopeOk(body);
  const data = parseReply(statusReply, body, 'PoYo', 'status answer').data;
  const status = data.status.toLowerCase();
  const createdAt = parsePoyoTime(data.created_time);
  const finishedAt = parsePoyoTime(data.finished_time);
  if (SUCCEEDED.has(status)) {
    const outputs = (data.files ?? []).map((f) => ({
      url: f.file_url,
      type: outputType(f.file_url, f.file_type),
    }));
    return succeededOrEmpty(outputs, { createdAt, finishedAt }, chargedOf(data.credits_amount));
  }
  if (FAILED.has(status)) {
    const message = data.error_message || 'PoYo reported the task as failed without a reason.';
    return {
      state: 'failed',
      // PoYo sends no failure code; mark content refusals so the user knows what to change.
      code: looksLikeContentRejection(message) ? 'content_rejected' : 'failed',
      message,
      createdAt,
      finishedAt,
    };
  }
  if (status === 'cancelled' || status === 'canceled') {
    return { state: 'canceled', createdAt, finishedAt };
  }
  const progress = data.progress ?? undefined;
  // running, processing, and unknown strings: running. The runner's timeout ends a task that
  // never moves on.
  return {
    state: QUEUED.has(status) ? 'queued' : 'running',
    createdAt,
    raw: data.status,
    ...(progress === undefined ? {} : { progress }),
  };
}

/** The hosted URL from an upload answer (`{success, data:{file_url}}` or `{code, data}`). */
export function fromPoyoUpload(body: unknown): string {
  assertEnvelopeOk(body);
  const reply = parseReply(uploadReply, body, 'PoYo', 'upload answer');
  const url = reply.data?.file_url ?? reply.data?.download_url;
  if (reply.success === false) {
    const why = describePoyoError(body).providerMessage;
    throw new ProviderError({
      code: 'bad_request',
      message: `PoYo refused the upload${why ? `: ${why}` : ''}. Check the file's format and size.`,
      providerMessage: why,
      retryable: false,
      mayHaveReachedServer: true,
    });
  }
  if (!url) throw badReply('PoYo', 'upload answer without a file URL');
  return url;
}
