// Downloads a succeeded task's outputs, started the moment the provider says it is done
// (result URLs expire). Each output is named, streamed, verified, tagged and described by a
// sidecar (downloads/save-output.ts); the task ends succeeded only when every file is on disk.
import { DownloadError } from '../downloads/download';
import { NamingError } from '../downloads/naming';
import { genloomPngText } from '../downloads/png-text';
import { saveOutput } from '../downloads/save-output';
import type { Batch, Output, Task } from '../store/types';
import type { Runner } from './runner';

/** Prefix of an earlier attempt's failed output once a retry replaced the attempt. */
export const SUPERSEDED = 'superseded:';

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof DownloadError) return { code: err.code, message: err.message };
  if (err instanceof NamingError) return { code: err.code, message: err.message };
  return {
    code: 'download_failed',
    message: err instanceof Error ? err.message : String(err),
  };
}

async function saveOne(r: Runner, task: Task, batch: Batch, output: Output): Promise<void> {
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
    now: r.now,
  });
  if (saved.skipped) {
    store.outputs.markFailed(
      output.id,
      `skipped: ${saved.path} already exists (collision policy "skip")`,
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

export async function deliverTask(r: Runner, taskId: string): Promise<void> {
  const { store } = r;
  const task = store.tasks.get(taskId);
  if (task === undefined || task.state !== 'downloading') return;
  const batch = store.batches.get(task.batchId);
  if (batch === undefined) return;
  let failure: { code: string; message: string } | null = null;
  for (const output of store.outputs.listByTask(taskId)) {
    if (output.state !== 'pending') {
      // Skipped by the collision policy, or left over from an attempt a retry replaced.
      const settled = output.error?.startsWith('skipped:') || output.error?.startsWith(SUPERSEDED);
      if (output.state === 'failed' && !settled) {
        failure ??= { code: 'download_failed', message: output.error ?? 'download failed' };
      }
      continue;
    }
    try {
      await r.downloadSlots.run(() => saveOne(r, task, batch, output));
    } catch (err) {
      if (r.closed) return; // closing: the download resumes on the next start.
      const e = errorOf(err);
      store.outputs.markFailed(output.id, e.message);
      failure ??= e;
    }
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
