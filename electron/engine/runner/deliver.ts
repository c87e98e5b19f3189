// Downloads a succeeded task's outputs, started the moment the provider says it is done
// (result URLs expire). Each output is named, streamed, verified, tagged and described by a
// sidecar (downloads/save-output.ts); the task ends succeeded only when every file is on disk.
// The files are paid for, so a write that fails (a folder that vanished, a full disk, a host
// that keeps dropping) is tried again with backoff, within a number of tries and a deadline:
// never in a busy loop, never past a cancel of the batch, never past the runner's close.
import { failureOf, isDbError } from '../downloads/delivery-failure';
import type { Failure } from '../downloads/delivery-failure';
import { DOWNLOAD_RETRY } from '../downloads/download';
import { genloomPngText } from '../downloads/png-text';
import { saveOutput } from '../downloads/save-output';
import type { Http, RetryPolicy } from '../http';
import type { Store } from '../store/index';
import type { Batch, Output, Task, TaskPatch, TaskState } from '../store/types';
import type { EngineEventName, EngineEvents } from './events';
import type { Semaphore } from './semaphore';

/** Prefix of an earlier attempt's failed output once a retry replaced the attempt. */
export { REDOWNLOADABLE_CODES } from '../downloads/delivery-failure';

/** What delivery uses of the runner; nothing else, so the runner can change around it. */
export interface DeliverContext {
  readonly store: Store;
  readonly downloadSlots: Semaphore;
  readonly downloadHttp: Http;
  readonly signal: AbortSignal;
  readonly closed: boolean;
  now(): number;
  move(taskId: string, from: readonly TaskState[], to: TaskState, patch: TaskPatch): boolean;
  emit<K extends EngineEventName>(name: K, payload: EngineEvents[K]): void;
}

export interface DeliveryRetry {
  /** Tries of each output, the first included. */
  tries: number;
  /** The wait after try n is baseDelayMs * 2^(n-1), at most maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No try starts later than this after the first one (monotonic clock). */
  deadlineMs: number;
  /** How often a wait looks whether the batch was canceled meanwhile. */
  cancelCheckMs: number;
  /** The download's own retries of a dropped connection (tests make them immediate). */
  download?: RetryPolicy;
}

/** 5 tries, waits of 15 s, 30 s, 1 min, 2 min: about 4 min of waiting, all within 10 min. */
export const DELIVERY_RETRY: DeliveryRetry = {
  tries: 5,
  baseDelayMs: 15_000,
  maxDelayMs: 4 * 60_000,
  deadlineMs: 10 * 60_000,
  cancelCheckMs: 1000,
};

async function saveOne(
  r: DeliverContext,
  task: Task,
  batch: Batch,
  output: Output,
  download: RetryPolicy,
): Promise<void> {
  const { store } = r;
  const inputs = store.tasks.inputs(task.id);
  const saved = await saveOutput({
    http: r.downloadHttp,
    url: output.url,
    type: output.type,
    root: batch.outDir,
    template: batch.template,
    collision: batch.collision,
    reservedPath: output.path,
    onPlanned: (path) => store.outputs.setPath(output.id, path),
    vars: {
      batch: batch.name,
      input: inputs[0]?.relPath ?? null,
      index: output.idx + 1,
      seq: task.seq,
      seed: task.seed,
      model: task.model,
      date: batch.createdAt,
      provider: task.provider,
      task: task.id,
    },
    sidecar: {
      provider: task.provider,
      model: task.model,
      remoteTaskId: task.remoteId,
      taskId: task.id,
      batchId: batch.id,
      batchName: batch.name,
      prompt: task.prompt,
      seed: task.seed,
      params: task.params,
      inputs: inputs.map((i) => ({
        path: i.path,
        relPath: i.relPath,
        bytes: i.bytes,
        sha256: i.sha256,
      })),
      cost: { estimated: task.estimatedCost, actual: task.actualCost, currency: batch.currency },
      times: {
        createdAt: task.createdAt,
        submittedAt: task.submittedAt,
        finishedAt: task.finishedAt,
      },
    },
    pngText: genloomPngText({
      prompt: task.prompt,
      params: task.params,
      provider: task.provider,
      model: task.model,
      seed: task.seed,
    }),
    signal: r.signal,
    retry: download,
    now: r.now,
  });
  if (saved.skipped) {
    store.outputs.markEnded(
      output.id,
      'skipped',
      `${saved.path} already exists (collision policy "skip")`,
    );
    return;
  }
  store.outputs.markDone(output.id, {
    path: saved.path,
    bytes: saved.bytes,
    sha256: saved.sha256,
    sidecarPath: saved.sidecarPath,
  });
  const done = store.outputs.get(output.id);
  if (done) r.emit('output.downloaded', { output: done, taskId: task.id, batchId: task.batchId });
}

const canceled = (r: DeliverContext, batchId: string): boolean =>
  r.store.batches.get(batchId)?.status === 'canceled';

/**
 * Waits `ms` on timers (no spinning), looking every cancelCheckMs whether the batch was
 * canceled; a close of the runner (its signal) ends the wait at once.
 */
function backoff(
  r: DeliverContext,
  batchId: string,
  ms: number,
  checkMs: number,
): Promise<'waited' | 'closed' | 'canceled'> {
  return new Promise((resolve) => {
    const end = performance.now() + ms;
    let timer: NodeJS.Timeout | undefined;
    const finish = (how: 'waited' | 'closed' | 'canceled'): void => {
      clearTimeout(timer);
      r.signal.removeEventListener('abort', onAbort);
      resolve(how);
    };
    const onAbort = (): void => finish('closed');
    const tick = (): void => {
      if (r.closed) return finish('closed');
      if (canceled(r, batchId)) return finish('canceled');
      const left = end - performance.now();
      if (left <= 0) return finish('waited');
      timer = setTimeout(tick, Math.min(left, checkMs));
    };
    if (r.signal.aborted) return finish('closed');
    r.signal.addEventListener('abort', onAbort, { once: true });
    tick();
  });
}

function gaveUp(f: Failure, why: string): Failure {
  return {
    ...f,
    message: `${f.message} ${why}; the provider's result may still be downloadable.`,
  };
}

export async function deliverTask(
  r: DeliverContext,
  taskId: string,
  policy: DeliveryRetry = DELIVERY_RETRY,
): Promise<void> {
  const { store } = r;
  const task = store.tasks.get(taskId);
  if (task === undefined || task.state !== 'downloading') return;
  const batch = store.batches.get(task.batchId);
  if (batch === undefined) return;
  let failure: Failure | null = null;
  let pending: Output[] = [];
  for (const output of store.outputs.listByTask(taskId)) {
    if (output.state === 'pending') {
      pending.push(output);
      continue;
    }
    // Skipped by the collision policy, or left over from an attempt a retry replaced: settled.
    if (output.state === 'failed') {
      failure ??= {
        code: 'download_failed',
        message: output.error ?? 'download failed',
        transient: false,
      };
    }
  }
  const start = performance.now();
  for (let tryNo = 1; pending.length > 0; tryNo++) {
    const again: { output: Output; f: Failure }[] = [];
    for (const output of pending) {
      try {
        // The download's own retries of a dropped connection end with the deadline too.
        const inner = policy.download ?? DOWNLOAD_RETRY;
        const left = Math.max(1000, policy.deadlineMs - (performance.now() - start));
        const download = { ...inner, maxElapsedMs: Math.min(inner.maxElapsedMs, left) };
        await r.downloadSlots.run(() => saveOne(r, task, batch, output, download));
      } catch (err) {
        if (r.closed) return; // closing: the download resumes on the next start.
        if (isDbError(err)) throw err;
        const f = failureOf(err, batch.outDir);
        if (f.transient) again.push({ output, f });
        else {
          store.outputs.markFailed(output.id, f.message);
          failure ??= f;
        }
      }
    }
    if (again.length === 0) break;
    const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tryNo - 1));
    let stop: string | null = null;
    if (tryNo >= policy.tries) stop = `gave up after ${tryNo} tries`;
    else if (performance.now() - start + delay > policy.deadlineMs) {
      stop = `gave up after ${tryNo} tries in ${Math.round((performance.now() - start) / 1000)} s`;
    } else {
      for (const { output, f } of again) {
        store.events.append({
          kind: 'output.retry',
          taskId,
          batchId: task.batchId,
          data: {
            outputId: output.id,
            try: tryNo,
            code: f.code,
            message: f.message,
            delayMs: delay,
          },
        });
      }
      const waited = await backoff(r, task.batchId, delay, policy.cancelCheckMs);
      if (waited === 'closed') return;
      if (waited === 'canceled') stop = 'stopped retrying: the batch was canceled';
    }
    if (stop !== null) {
      for (const { output, f } of again) {
        const final = gaveUp(f, stop);
        store.outputs.markFailed(output.id, final.message);
        failure ??= final;
      }
      break;
    }
    // Read again: the path an earlier try reserved is reused, not suffixed.
    pending = again.map(({ output }) => store.outputs.get(output.id) ?? output);
  }
  if (r.closed) return;
  if (failure === null) {
    r.move(taskId, ['downloading'], 'succeeded', {});
  } else {
    r.move(taskId, ['downloading'], 'failed', {
      errorCode: failure.code,
      errorMessage: failure.message,
    });
  }
}
