/** Modelverse wire format <-> Genloom: bodies out, normalised statuses in. Pure functions only. */
import { z } from 'zod';
import { looksLikeContentRejection } from '../../http-errors';
import type { ErrorDetail, ServiceLabel } from '../../http-errors';
import type { OutputFile, TaskStatus } from '../types';
import { defined, outputType, parseModelverseTime, parseReply, succeededOrEmpty } from '../wire';

export const MODELVERSE_SERVICE: ServiceLabel = {
  name: 'Modelverse',
  keyEnv: 'GENLOOM_MODELVERSE_API_KEY',
};

/** Fields the async task API reads from `input`; everything else goes to `parameters`. */
const INPUT_FIELDS = new Set([
  'prompt',
  'images',
  'img_url',
  'first_frame_url',
  'last_frame_url',
  'negative_prompt',
  'audio_url',
]);

export interface ModelverseTaskBody {
  model: string;
  input: Record<string, unknown>;
  parameters: Record<string, unknown>;
}

/**
 * Async body: prompt and media in `input`, settings in `parameters`. The catalog uses the sync
 * names; the async API calls thinking_mode `prompt_extend` (seed 004: "maps to thinking_mode").
 */
export function toModelverseTaskBody(
  model: string,
  flat: Record<string, unknown>,
): ModelverseTaskBody {
  const { thinking_mode, ...rest } = defined(flat);
  if (thinking_mode !== undefined && rest.prompt_extend === undefined) {
    rest.prompt_extend = thinking_mode;
  }
  const input: Record<string, unknown> = {};
  const parameters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    (INPUT_FIELDS.has(key) ? input : parameters)[key] = value;
  }
  return { model, input, parameters };
}

/** Sync body (OpenAI-style `/v1/images/generations`): flat, with `thinking_mode`. */
export function toModelverseSyncBody(
  model: string,
  flat: Record<string, unknown>,
): Record<string, unknown> {
  const { prompt_extend, ...rest } = defined(flat);
  if (prompt_extend !== undefined && rest.thinking_mode === undefined) {
    rest.thinking_mode = prompt_extend;
  }
  return { model, ...rest };
}

const submitReply = z.object({
  output: z.object({ task_id: z.string().min(1) }),
  request_id: z.string().nullish(),
});

const statusReply = z.object({
  output: z.object({
    task_id: z.string().nullish(),
    task_status: z.string(),
    urls: z.array(z.string().min(1)).nullish(),
    submit_time: z.number().nullish(),
    finish_time: z.number().nullish(),
    error_message: z.string().nullish(),
  }),
  usage: z.record(z.string(), z.unknown()).nullish(),
});

const syncReply = z.object({
  created: z.number().nullish(),
  data: z.array(
    z.object({ url: z.string().min(1).nullish(), b64_json: z.string().min(1).nullish() }),
  ),
});

/** Modelverse's envelope: `{error:{message, type, param, code}}`. */
export function describeModelverseError(body: unknown): ErrorDetail {
  if (typeof body !== 'object' || body === null) {
    return { providerMessage: typeof body === 'string' && body ? body.slice(0, 300) : undefined };
  }
  const error = (body as Record<string, unknown>).error;
  if (typeof error !== 'object' || error === null) return {};
  const e = error as Record<string, unknown>;
  const message = typeof e.message === 'string' ? e.message : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  return {
    providerMessage: message,
    providerCode: code,
    hasEnvelope: true,
    contentRejected: code === 'sensitive_check_error' || looksLikeContentRejection(message),
    // The experimental per-key spend quota answers 403 "api key quota exceeded".
    noBalance: /quota exceeded|insufficient (balance|credit)/i.test(message ?? ''),
  };
}

export function fromModelverseSubmit(body: unknown): string {
  return parseReply(submitReply, body, 'Modelverse', 'submit answer').output.task_id;
}

/** Splits "code=InvalidParameter, message=invalid image url" into its two parts. */
export function parseModelverseFailure(text: string | null | undefined): {
  code: string;
  message: string;
} {
  const raw = text?.trim() || 'Modelverse reported the task as failed without a reason.';
  const match = /^code=([^,]*),\s*message=(.*)$/s.exec(raw);
  const code = match?.[1]?.trim() || 'failed';
  const message = match?.[2]?.trim() || raw;
  return {
    code: looksLikeContentRejection(code, message) && code === 'failed' ? 'content_rejected' : code,
    message,
  };
}

/** One normalised status from `GET /v1/tasks/status?task_id=`. */
export function fromModelverseStatus(body: unknown): TaskStatus {
  const out = parseReply(statusReply, body, 'Modelverse', 'status answer').output;
  const createdAt = parseModelverseTime(out.submit_time);
  const finishedAt = parseModelverseTime(out.finish_time);
  switch (out.task_status.toLowerCase()) {
    case 'pending':
    case 'queued':
      return { state: 'queued', createdAt, raw: out.task_status };
    case 'success':
    case 'succeeded': {
      const outputs = (out.urls ?? []).map((url) => ({ url, type: outputType(url) }));
      return succeededOrEmpty(outputs, { createdAt, finishedAt });
    }
    case 'failure':
    case 'failed':
      return {
        state: 'failed',
        ...parseModelverseFailure(out.error_message),
        createdAt,
        finishedAt,
      };
    case 'cancelled':
    case 'canceled':
      return { state: 'canceled', createdAt, finishedAt };
    default:
      return { state: 'running', createdAt, raw: out.task_status };
  }
}

/** The image type of base64 data, from its first bytes; PNG when they say nothing known. */
function sniffImageType(b64: string): string {
  const head = Buffer.from(b64.slice(0, 24), 'base64');
  const at = (offset: number, text: string): boolean =>
    head.subarray(offset, offset + text.length).toString('latin1') === text;
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'image/webp';
  if (at(0, 'GIF8')) return 'image/gif';
  return 'image/png';
}

/**
 * `b64_json` as a data URL the delivery saves like a download (downloads/inline.ts): labelled
 * by what the bytes are, since the extension of the saved file comes from that label.
 */
function inlineUrl(b64: string): string {
  const clean = b64.trim();
  if (/^data:/i.test(clean)) return clean;
  const data = clean.replace(/\s+/g, '');
  return `data:${sniffImageType(data)};base64,${data}`;
}

/** A sync answer is final: `data[].url`, or `b64_json` kept as a data URL for the downloader. */
export function fromModelverseSync(body: unknown): TaskStatus {
  const reply = parseReply(syncReply, body, 'Modelverse', 'image answer');
  const outputs: OutputFile[] = [];
  for (const item of reply.data) {
    if (item.url) outputs.push({ url: item.url, type: outputType(item.url) });
    else if (item.b64_json) outputs.push({ url: inlineUrl(item.b64_json), type: 'image' });
  }
  const createdAt = parseModelverseTime(reply.created);
  return succeededOrEmpty(outputs, { createdAt });
}
