import type { ValidationOutcome } from './check';
import { admission, jsonBody, ownTask } from './context';
import type { Ctx } from './context';
import { errorResponse, simError, taskNotFound } from './envelopes';
import type { SimError } from './envelopes';
import { fileBytes } from './files';
import { jsonResponse } from './http-io';
import type { SimResponse } from './http-io';
import type { SimTask } from './state';
import { createTask, finishAt, taskState, taskUrls } from './tasks';
import type { TaskState } from './types';
import { validateModelverseSync, validateModelverseTask } from './validate-modelverse';

const STATUS: Record<TaskState, string> = {
  queued: 'Pending',
  running: 'Running',
  succeeded: 'Success',
  failed: 'Failure',
};

function fail(ctx: Ctx, e: SimError): SimResponse {
  return errorResponse('modelverse', e, ctx.requestId);
}

/**
 * Modelverse documents no 402. Its per-key spend quota answers 403 permission_error /
 * forbidden "Access forbidden: api key quota exceeded" (§3.6), which the broke key gets.
 */
const broke = () =>
  simError(403, 'Access forbidden: api key quota exceeded (simulated broke key)', 'forbidden');

/** Validation, then balance and concurrency; a new task on success. */
function admit(
  ctx: Ctx,
  validate: (body: unknown, strict: boolean) => ValidationOutcome,
  mode: 'async' | 'sync',
): SimTask | SimResponse {
  const body = jsonBody(ctx);
  if ('error' in body) return fail(ctx, body.error);
  const v = validate(body.value, ctx.state.opts.rejectUnknownFields);
  // An unknown model: `model_error` is the 400 code the error table gives for model access.
  if (!v.ok)
    return fail(ctx, simError(400, v.message, v.unknownModel ? 'model_error' : 'param_error'));
  ctx.state.counters.submits.modelverse += 1;
  const refused = admission(ctx, broke);
  if (refused) return fail(ctx, refused);
  const task = createTask(ctx.state, {
    provider: 'modelverse',
    id: ctx.state.rng.ids.uuid(),
    apiKey: ctx.apiKey,
    idempotencyKey: null,
    body: body.value,
    mode,
    req: v.value,
  });
  ctx.record.taskId = task.id;
  return task;
}

export async function modelverseSubmit(ctx: Ctx): Promise<SimResponse> {
  const task = admit(ctx, validateModelverseTask, 'async');
  if (!('id' in task)) return task;
  return jsonResponse(200, { output: { task_id: task.id }, request_id: ctx.requestId });
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export async function modelverseStatus(ctx: Ctx): Promise<SimResponse> {
  const id = ctx.query.task_id;
  if (!id) return fail(ctx, simError(400, 'task_id is required (query parameter)', 'param_error'));
  const task = ownTask(ctx, id);
  // The error table (§3.6) has no 404; an unknown task id is reported as a parameter error.
  if (!task || task.mode !== 'async')
    return taskNotFound('modelverse', id, task?.model ?? '', ctx.requestId);
  task.polls += 1;
  ctx.state.counters.polls += 1;
  const state = taskState(task, ctx.state.now());
  const end = finishAt(task);
  const output: Record<string, unknown> = {
    task_id: task.id,
    task_status: STATUS[state],
    submit_time: seconds(task.createdAt),
  };
  const body: Record<string, unknown> = { output, request_id: ctx.requestId };
  if (state === 'succeeded' && end !== null) {
    output.urls = taskUrls(ctx.state, task);
    output.finish_time = seconds(end);
    // usage as in seed 004's wan2.7 example: one completion token per image.
    const n = task.fileTokens.length;
    body.usage = { completion_tokens: n, total_tokens: n };
  } else if (state === 'failed' && end !== null) {
    output.finish_time = seconds(end);
    output.error_message = failureMessage(task);
  }
  return jsonResponse(200, body);
}

/** In the "code=..., message=..." form of seed 004's failure example. */
function failureMessage(task: SimTask): string {
  if (task.outcome.kind !== 'failed') return 'code=InternalError, message=generation failed';
  switch (task.outcome.reason) {
    case 'content':
      return 'code=DataInspectionFailed, message=input data may contain inappropriate content';
    case 'image_url':
      return 'code=InvalidParameter, message=invalid image url';
    case 'fail':
      return 'code=InternalError.Timeout, message=generation did not finish in time';
  }
}

/** Resolves when the task reaches its end, or null when the client went away first. */
function waitForEnd(ctx: Ctx, task: SimTask): Promise<boolean> {
  return new Promise((resolve) => {
    let gone = false;
    ctx.req.socket.once('close', () => {
      gone = true;
    });
    const tick = () => {
      if (gone) return resolve(false);
      const end = finishAt(task);
      const left = end === null ? 50 : end - ctx.state.now();
      if (end !== null && left <= 0) return resolve(true);
      // Short steps, so that sim.advance() is noticed without a timer per change.
      setTimeout(tick, Math.min(Math.max(left, 1), 50)).unref();
    };
    tick();
  });
}

/** The sync endpoint answers once the image is made (§3.2). */
export async function modelverseSync(ctx: Ctx): Promise<SimResponse> {
  const task = admit(ctx, validateModelverseSync, 'sync');
  if (!('id' in task)) return task;
  const finished = await waitForEnd(ctx, task);
  if (!finished) return fail(ctx, simError(499, 'client closed the request'));
  if (taskState(task, ctx.state.now()) === 'succeeded') {
    // OpenAI-compatible servers may send the image itself as base64 instead of a URL.
    const inline = ctx.state.faults.take(
      { provider: 'modelverse', route: 'submit', taskId: task.id },
      'override',
    );
    const data = inline
      ? await Promise.all(
          task.fileTokens.map(async (token) => ({
            b64_json: (await fileBytes(ctx.state, token)).toString('base64'),
          })),
        )
      : taskUrls(ctx.state, task).map((url) => ({ url }));
    return jsonResponse(200, { created: seconds(task.createdAt), data });
  }
  // Sync failures come back as request errors, in the codes of the error table (§3.6).
  const o = task.outcome;
  if (o.kind === 'failed' && o.reason === 'content')
    return fail(
      ctx,
      simError(400, 'Input data may contain inappropriate content', 'sensitive_check_error'),
    );
  if (o.kind === 'failed' && o.reason === 'image_url')
    return fail(ctx, simError(400, `invalid image url: ${o.detail}`, 'param_error'));
  return fail(
    ctx,
    simError(500, 'The model server failed to generate the image', 'model_server_error'),
  );
}
