import { isObj } from './check';
import { admission, jsonBody, ownTask } from './context';
import type { Ctx } from './context';
import { errorResponse, simError, taskNotFound } from './envelopes';
import { jsonResponse } from './http-io';
import type { SimResponse } from './http-io';
import type { SimTask } from './state';
import { createTask, finishAt, taskState, taskUrls } from './tasks';
import type { TaskState } from './types';
import { APIXO_MODELS, validateApixoSubmit } from './validate-apixo';

const STATE: Record<TaskState, string> = {
  queued: 'pending',
  running: 'processing',
  succeeded: 'success',
  failed: 'failed',
};

function err(ctx: Ctx, status: number, message: string): SimResponse {
  return errorResponse('apixo', simError(status, message), ctx.requestId);
}

/** 402 insufficient balance is documented on APIXO's newer errors page (§2.4). */
const broke = () => simError(402, 'Insufficient balance: add balance or switch API key');

export async function apixoSubmit(ctx: Ctx): Promise<SimResponse> {
  const model = decodeURIComponent(ctx.params[0] ?? '');
  const body = jsonBody(ctx);
  if ('error' in body) return errorResponse('apixo', body.error, ctx.requestId);
  const v = validateApixoSubmit(model, body.value, ctx.state.opts.rejectUnknownFields);
  // "404: model or task not found" (§2.4): the model is part of the path here.
  if (!v.ok) return err(ctx, v.unknownModel ? 404 : 400, v.message);
  ctx.state.counters.submits.apixo += 1;
  const refused = admission(ctx, broke);
  if (refused) return errorResponse('apixo', refused, ctx.requestId);
  // No idempotency: APIXO documents none, so a repeated submit is a second (paid) task.
  const task = createTask(ctx.state, {
    provider: 'apixo',
    id: `task_${ctx.state.rng.ids.token(12)}`,
    apiKey: ctx.apiKey,
    idempotencyKey: null,
    body: body.value,
    mode: 'async',
    req: v.value,
  });
  ctx.record.taskId = task.id;
  return jsonResponse(200, { code: 200, message: 'success', data: { taskId: task.id } });
}

export async function apixoStatus(ctx: Ctx): Promise<SimResponse> {
  const model = decodeURIComponent(ctx.params[0] ?? '');
  const taskId = ctx.query.taskId;
  if (!(APIXO_MODELS as readonly string[]).includes(model))
    return err(ctx, 404, `Model not found: ${model}`);
  if (!taskId) return err(ctx, 400, 'Missing required query parameter: taskId');
  const task = ownTask(ctx, taskId);
  // The status path must name the task's own model; anything else is "task not found".
  if (!task || task.model !== model) return taskNotFound('apixo', taskId, model, ctx.requestId);
  task.polls += 1;
  ctx.state.counters.polls += 1;
  return jsonResponse(200, { code: 200, message: 'success', data: statusData(ctx, task) });
}

function statusData(ctx: Ctx, task: SimTask): Record<string, unknown> {
  const state = taskState(task, ctx.state.now());
  const data: Record<string, unknown> = {
    taskId: task.id,
    state: STATE[state],
    createTime: task.createdAt,
  };
  const end = finishAt(task);
  if (end === null || (state !== 'succeeded' && state !== 'failed')) return data;
  if (state === 'succeeded') {
    // resultJson is a JSON *string* (seed 003); with partial success it lists only the
    // images that were made.
    data.resultJson = JSON.stringify({ resultUrls: taskUrls(ctx.state, task) });
    data.completeTime = end;
    data.costTime = end - task.createdAt;
    return data;
  }
  const [failCode, failMsg] = apixoFailure(task);
  return { ...data, failCode, failMsg, completeTime: end };
}

/** failCode values from seed 003's "Task failure codes" table. */
function apixoFailure(task: SimTask): [string, string] {
  if (task.outcome.kind !== 'failed') return ['Timeout', 'Generation did not finish in time'];
  switch (task.outcome.reason) {
    case 'content':
      return ['SensitiveContentDetected', 'Prompt or image input failed safety checks'];
    case 'image_url':
      return [
        'InvalidParameter',
        `The parameter is invalid: image ${task.outcome.detail} could not be downloaded`,
      ];
    case 'fail':
      return ['Timeout', 'Generation did not finish in time'];
  }
}

/** Billing (seed 003): per generated image, $0.03 omni-image, $0.075 omni-image-pro. */
export function apixoCost(task: SimTask): number {
  if (task.outcome.kind !== 'success') return 0;
  const input = isObj(task.body) && isObj(task.body.input) ? task.body.input : {};
  return (input.mode === 'omni-image-pro' ? 0.075 : 0.03) * task.outcome.outputs;
}

/** The balance shape is unknown (§2.5); the simulator answers `{code, message, data:{balance}}` in USD. */
export const APIXO_START_USD = 100;

export async function apixoBalance(ctx: Ctx): Promise<SimResponse> {
  let spent = 0;
  for (const t of ctx.state.tasks.values())
    if (
      t.provider === 'apixo' &&
      t.apiKey === ctx.apiKey &&
      taskState(t, ctx.state.now()) === 'succeeded'
    )
      spent += apixoCost(t);
  const balance = ctx.apiKey === ctx.state.brokeKey ? 0 : APIXO_START_USD - spent;
  return jsonResponse(200, {
    code: 200,
    message: 'success',
    data: { balance: Math.round(balance * 1000) / 1000, currency: 'USD' },
  });
}
