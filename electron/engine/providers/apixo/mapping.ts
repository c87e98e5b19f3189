/** APIXO wire format <-> Genloom: bodies out, normalised statuses in. Pure functions only. */
import { z } from 'zod';
import { errorForStatus, looksLikeContentRejection } from '../../http-errors';
import type { ErrorDetail, ServiceLabel } from '../../http-errors';
import type { TaskStatus } from '../types';
import {
  badReply,
  defined,
  outputType,
  parseApixoTime,
  parseReply,
  succeededOrEmpty,
} from '../wire';

export const APIXO_SERVICE: ServiceLabel = { name: 'APIXO', keyEnv: 'GENLOOM_APIXO_API_KEY' };

export interface ApixoSubmitBody {
  request_type: 'async';
  input: Record<string, unknown>;
}

/**
 * The model goes in the URL path; the catalog input (APIXO's own field names, `mode`
 * included) goes into `input`. Always `async`: a desktop has no public callback URL.
 */
export function toApixoBody(input: Record<string, unknown>): ApixoSubmitBody {
  return { request_type: 'async', input: defined(input) };
}

const envelope = {
  code: z.union([z.number(), z.string()]).nullish(),
  message: z.string().nullish(),
};

const submitReply = z.object({ ...envelope, data: z.object({ taskId: z.string().min(1) }) });

const statusReply = z.object({
  ...envelope,
  data: z.object({
    taskId: z.string().nullish(),
    state: z.string(),
    resultJson: z.string().nullish(),
    failCode: z.union([z.string(), z.number()]).nullish(),
    failMsg: z.string().nullish(),
    createTime: z.number().nullish(),
    completeTime: z.number().nullish(),
    costTime: z.number().nullish(),
  }),
});

const resultJson = z.object({ resultUrls: z.array(z.string().min(1)) });

/** APIXO's envelope: `{code, message, data:{error}}`; `data.error` is the precise reason. */
export function describeApixoError(body: unknown): ErrorDetail {
  if (typeof body !== 'object' || body === null) {
    return { providerMessage: typeof body === 'string' && body ? body.slice(0, 300) : undefined };
  }
  const record = body as Record<string, unknown>;
  const data = record.data;
  const inner =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
  const detail = typeof inner?.error === 'string' ? inner.error : undefined;
  const failCode = typeof inner?.failCode === 'string' ? inner.failCode : undefined;
  const message = typeof record.message === 'string' ? record.message : undefined;
  const text = [message, detail].filter((t) => t !== undefined && t !== '').join(': ');
  return {
    providerMessage: text || undefined,
    providerCode: failCode,
    hasEnvelope: 'code' in record && message !== undefined,
    contentRejected: looksLikeContentRejection(text, failCode),
    noBalance: /insufficient (balance|credit)|quota/i.test(text),
  };
}

/** The envelope's `code` mirrors the HTTP status; a 200 answer with code >= 400 is an error. */
function assertEnvelopeOk(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const raw = (body as { code?: unknown }).code;
  const code = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof code === 'number' && Number.isFinite(code) && code >= 400) {
    throw errorForStatus(code, APIXO_SERVICE, describeApixoError(body));
  }
}

export function fromApixoSubmit(body: unknown): string {
  assertEnvelopeOk(body);
  return parseReply(submitReply, body, 'APIXO', 'submit answer').data.taskId;
}

/** `resultJson` is a JSON document inside a string: parse and check it. */
export function parseApixoResultJson(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badReply('APIXO', 'resultJson that is not JSON');
  }
  return parseReply(resultJson, parsed, 'APIXO', 'resultJson').resultUrls;
}

/** One normalised status from `GET /statusTask/{model}?taskId=`. */
export function fromApixoStatus(body: unknown): TaskStatus {
  assertEnvelopeOk(body);
  const data = parseReply(statusReply, body, 'APIXO', 'status answer').data;
  const state = data.state.toLowerCase();
  const createdAt = parseApixoTime(data.createTime);
  const finishedAt = parseApixoTime(data.completeTime);
  switch (state) {
    case 'pending':
    case 'queued':
      return { state: 'queued', createdAt, raw: data.state };
    case 'success': {
      const urls = data.resultJson ? parseApixoResultJson(data.resultJson) : [];
      const outputs = urls.map((url) => ({ url, type: outputType(url) }));
      return succeededOrEmpty(outputs, { createdAt, finishedAt });
    }
    case 'failed':
    case 'fail':
      return {
        state: 'failed',
        // failCode is an open vocabulary (two generations of docs disagree): keep it as is.
        code:
          data.failCode === undefined || data.failCode === null ? 'failed' : String(data.failCode),
        message: data.failMsg || 'APIXO reported the task as failed without a reason.',
        createdAt,
        finishedAt,
      };
    default:
      // `processing` and anything new: still running; the runner's timeout bounds it.
      return { state: 'running', createdAt, raw: data.state };
  }
}
