import { admission, jsonBody, naiveIso, ownTask } from './context';
import type { Ctx } from './context';
import { errorResponse, simError, taskNotFound } from './envelopes';
import { registerUpload, sniff } from './files';
import { jsonResponse } from './http-io';
import type { SimResponse } from './http-io';
import type { SimTask } from './state';
import { createTask, finishAt, progress, taskState, taskUrls } from './tasks';
import type { ActiveFault, TaskState } from './types';
import { POYO_MODELS, validatePoyoSubmit } from './validate-poyo';
import { isObj } from './check';

const STATUS: Record<TaskState, string> = {
  queued: 'not_started',
  running: 'running',
  succeeded: 'finished',
  failed: 'failed',
};

function err(ctx: Ctx, status: number, message: string): SimResponse {
  return errorResponse('poyo', simError(status, message), ctx.requestId);
}

/** 402 is inferred from PoYo's CLI exit codes (providers.md §1.4, §5.4). */
const broke = () => simError(402, 'Insufficient credits: top up your balance to submit tasks');

export async function poyoSubmit(ctx: Ctx): Promise<SimResponse> {
  const body = jsonBody(ctx);
  if ('error' in body) return errorResponse('poyo', body.error, ctx.requestId);
  const v = validatePoyoSubmit(body.value, ctx.state.opts.rejectUnknownFields);
  // The model is a body field, so an unknown one is a bad request, not a missing resource.
  if (!v.ok) return err(ctx, 400, `Invalid parameter: ${v.message}`);
  const header = ctx.headers['idempotency-key'];
  const idemKey = typeof header === 'string' && header !== '' ? header : null;
  ctx.state.counters.submits.poyo += 1;
  // Idempotency-Key is sent by PoYo's own client (§1.1); whether the server honours it is
  // unknown (§5.5). The simulator honours it per API key: a repeat answers the first task,
  // even when the body differs, and creates nothing.
  const slot = `${ctx.apiKey}\n${idemKey}`;
  const previous =
    idemKey === null ? undefined : ctx.state.tasks.get(ctx.state.idempotency.get(slot) ?? '');
  if (previous) {
    previous.submits += 1;
    ctx.state.counters.idempotentReplays += 1;
    return submitted(ctx, previous);
  }
  const refused = admission(ctx, broke);
  if (refused) return errorResponse('poyo', refused, ctx.requestId);
  const id = `task-unified-${Math.floor(ctx.state.now() / 1000)}-${ctx.state.rng.ids.token(8)}`;
  const task = createTask(ctx.state, {
    provider: 'poyo',
    id,
    apiKey: ctx.apiKey,
    idempotencyKey: idemKey,
    body: body.value,
    mode: 'async',
    req: v.value,
  });
  if (idemKey !== null) ctx.state.idempotency.set(slot, id);
  return submitted(ctx, task);
}

function submitted(ctx: Ctx, task: SimTask): SimResponse {
  ctx.record.taskId = task.id;
  return jsonResponse(200, {
    code: 200,
    data: {
      task_id: task.id,
      status: STATUS[taskState(task, ctx.state.now())],
      created_time: naiveIso(task.createdAt),
    },
  });
}

/**
 * Credits from the catalog prices (§1.8): wan-2.7-image 4.2, -pro 10.5 and seedream-5.0-lite 5.
 * The catalog lists them "per request", but its `n` field says "credits are charged by image
 * count" (wan) and "pre-deducted based on this count" (seedream), so each is charged per image,
 * and per delivered image on partial success (as APIXO refunds). wan2.5-image-to-video by
 * resolution and duration. Failed tasks cost nothing.
 */
export function poyoCredits(task: SimTask): number {
  if (task.outcome.kind !== 'success') return 0;
  const perImage: Record<string, number> = { 'wan-2.7-image': 4.2, 'wan-2.7-image-pro': 10.5 };
  const unit = task.model.startsWith('seedream') ? 5 : perImage[task.model];
  if (unit !== undefined) return Math.round(unit * task.outcome.outputs * 100) / 100;
  const tier = task.req.height <= 480 ? 30 : task.req.height <= 720 ? 60 : 90;
  return tier * (task.req.durationSec === 10 ? 2 : 1);
}

export async function poyoStatus(ctx: Ctx): Promise<SimResponse> {
  const task = ownTask(ctx, ctx.params[0]);
  if (!task) return taskNotFound('poyo', ctx.params[0] ?? '', '', ctx.requestId);
  task.polls += 1;
  ctx.state.counters.polls += 1;
  const now = ctx.state.now();
  const state = taskState(task, now);
  const end = finishAt(task);
  const done = state === 'succeeded' || state === 'failed';
  const fileType = task.req.kind === 'video' ? 'video' : 'image';
  // A cost override acts on a finished task's answer only: that is when PoYo reports credits.
  const override = done
    ? ctx.state.faults.take({ provider: 'poyo', route: 'status', taskId: task.id }, 'override')
    : null;
  const answer = jsonResponse(200, {
    code: 200,
    data: {
      task_id: task.id,
      status: STATUS[state],
      progress: progress(task, now),
      // Partial success is not described for PoYo; the simulator answers `finished` with
      // fewer files than asked, as APIXO and Modelverse document for their partial results.
      files:
        state === 'succeeded'
          ? taskUrls(ctx.state, task).map((file_url) => ({ file_url, file_type: fileType }))
          : [],
      created_time: naiveIso(task.createdAt),
      finished_time: done && end !== null ? naiveIso(end) : null,
      error_message: state === 'failed' ? poyoFailure(task) : null,
      credits_amount: override ? RAW_MARK : done ? poyoCredits(task) : null,
    },
  });
  return override ? withCredits(answer, override) : answer;
}

/** Stands in for an overridden credits_amount until the value is written in. */
const RAW_MARK = '\u0000sim-credits\u0000';

/** Writes a `cost` fault's value into the answer: as JSON, or unquoted when `raw`. */
function withCredits(answer: SimResponse, fault: ActiveFault): SimResponse {
  const token =
    fault.raw && typeof fault.value === 'string' ? fault.value : JSON.stringify(fault.value);
  const text = answer.body.toString('utf8').replace(JSON.stringify(RAW_MARK), token);
  return { ...answer, body: Buffer.from(text) };
}

function poyoFailure(task: SimTask): string {
  if (task.outcome.kind !== 'failed') return 'Generation failed';
  switch (task.outcome.reason) {
    case 'content':
      return 'Content policy violation: the prompt or an input image was flagged';
    case 'image_url':
      return `Invalid image url: ${task.outcome.detail} could not be downloaded`;
    case 'fail':
      return 'Generation failed: the upstream model did not finish in time';
  }
}

/** Third-party limit (§1.6): videos up to 100 MB; image limits are not stated. */
const MAX_VIDEO_UPLOAD = 100 * 1024 * 1024;

function storeUpload(ctx: Ctx, data: Buffer, field: string): string | SimResponse {
  if (data.length === 0) return err(ctx, 400, `Invalid parameter: ${field} is empty`);
  const kind = sniff(data);
  if (!kind)
    return err(
      ctx,
      400,
      `Invalid parameter: ${field} is not a supported file (JPEG, PNG, GIF, WebP, MP4, WebM, MOV, AVI, MKV)`,
    );
  if (kind.mime.startsWith('video/') && data.length > MAX_VIDEO_UPLOAD)
    return err(ctx, 400, `Invalid parameter: ${field} is larger than 100 MB`);
  return registerUpload(ctx.state, 'poyo', data, kind);
}

/** Response shape as consumed by third-party code (§1.6): `{success, data:{file_url}}`. */
export async function poyoUploadBase64(ctx: Ctx): Promise<SimResponse> {
  const body = jsonBody(ctx);
  if ('error' in body) return errorResponse('poyo', body.error, ctx.requestId);
  const v = body.value;
  if (!isObj(v) || typeof v.base64_data !== 'string')
    return err(ctx, 400, 'Invalid parameter: base64_data is required (raw base64 or a data: URL)');
  if (v.file_name !== undefined && typeof v.file_name !== 'string')
    return err(ctx, 400, 'Invalid parameter: file_name must be a string');
  const raw = v.base64_data.replace(/^data:[^;,]*;base64,/i, '').replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw) || raw.length % 4 === 1)
    return err(ctx, 400, 'Invalid parameter: base64_data is not valid base64');
  const url = storeUpload(ctx, Buffer.from(raw, 'base64'), 'base64_data');
  if (typeof url !== 'string') return url;
  return jsonResponse(200, { success: true, data: { file_url: url } });
}

export async function poyoUploadStream(ctx: Ctx): Promise<SimResponse> {
  if (ctx.body.kind !== 'multipart')
    return err(ctx, 400, 'Invalid parameter: body must be multipart/form-data with a "file" part');
  const file = ctx.body.parts.find((p) => p.name === 'file' && p.filename !== null);
  if (!file) return err(ctx, 400, 'Invalid parameter: file is required (a multipart file part)');
  const url = storeUpload(ctx, file.data, 'file');
  if (typeof url !== 'string') return url;
  return jsonResponse(200, { code: 200, message: 'success', data: { file_url: url } });
}

/**
 * Re-hosting a URL (§1.6): data: URIs and the simulator's own files work; the simulator has
 * no network, so any other URL is refused with a 400 that says so.
 */
export async function poyoUploadUrl(ctx: Ctx): Promise<SimResponse> {
  const body = jsonBody(ctx);
  if ('error' in body) return errorResponse('poyo', body.error, ctx.requestId);
  const v = body.value;
  if (!isObj(v) || typeof v.file_url !== 'string')
    return err(ctx, 400, 'Invalid parameter: file_url is required');
  const m = /^data:[^;,]*;base64,(.*)$/is.exec(v.file_url);
  let data: Buffer | null = m?.[1] ? Buffer.from(m[1], 'base64') : null;
  const own = ctx.state.files.get(
    v.file_url.slice(`${ctx.state.baseUrl}/files/`.length).replace(/\.[a-z0-9]+$/i, ''),
  );
  if (!data && own?.source.kind === 'bytes') data = own.source.data;
  if (!data) return err(ctx, 400, 'Invalid parameter: file_url cannot be fetched by the simulator');
  const url = storeUpload(ctx, data, 'file_url');
  if (typeof url !== 'string') return url;
  return jsonResponse(200, { code: 200, data: { file_url: url } });
}

/** The balance shape is unknown (§1.7); the simulator answers `{code, data:{balance}}` in credits. */
export const POYO_START_CREDITS = 10_000;

export async function poyoBalance(ctx: Ctx): Promise<SimResponse> {
  let spent = 0;
  for (const t of ctx.state.tasks.values())
    if (
      t.provider === 'poyo' &&
      t.apiKey === ctx.apiKey &&
      taskState(t, ctx.state.now()) === 'succeeded'
    )
      spent += poyoCredits(t);
  const balance = ctx.apiKey === ctx.state.brokeKey ? 0 : POYO_START_CREDITS - spent;
  return jsonResponse(200, { code: 200, data: { balance: Math.round(balance * 100) / 100 } });
}

/** A tiny stand-in for GET /v1/catalog/models (§1.7): the seed models only, no auth. */
export async function poyoCatalog(): Promise<SimResponse> {
  const items = POYO_MODELS.map((model_id) => ({
    model_id,
    category: model_id.includes('video') ? 'img2vid' : 'image',
    title: model_id,
    execution_mode: 'async',
    supports_callback: true,
    status: 'stable',
  }));
  return jsonResponse(200, {
    code: 200,
    data: { schema_version: 'genloom-simulator', items, next_cursor: null, has_more: false },
  });
}
