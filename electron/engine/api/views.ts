// Store rows to the views the renderer sees, field by field, in one place: nothing crosses
// that is not named here (no idempotency keys, no upload URLs, never a key).
import type {
  BatchDetail,
  BatchSummary,
  BatchView,
  HistoryItem,
  OutputView,
  TaskView,
} from '../../../shared/ipc/views';
import type { TaskUpdate } from '../../../shared/ipc/events';
import type { Store } from '../store/store-api';
import type { Batch, HistoryItem as StoreHistoryItem, Output, Task } from '../store/types';

export function toBatchView(batch: Batch): BatchView {
  return {
    id: batch.id,
    name: batch.name,
    provider: batch.provider,
    model: batch.model,
    status: batch.status,
    outDir: batch.outDir,
    template: batch.template,
    collision: batch.collision,
    budget: batch.budget,
    currency: batch.currency,
    estimatedCost: batch.estimatedCost,
    createdAt: batch.createdAt,
    updatedAt: batch.updatedAt,
  };
}

export function summarise(store: Store, batch: Batch, eta: number | null): BatchSummary {
  const counts = store.tasks.countsByState(batch.id);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const actualCost = store.tasks
    .costSummary(batch.id)
    .reduce((sum, row) => sum + (row.currency === batch.currency ? row.actual : 0), 0);
  return { ...toBatchView(batch), counts, total, actualCost, eta };
}

export function toBatchDetail(store: Store, batch: Batch, eta: number | null): BatchDetail {
  return { ...summarise(store, batch, eta), spec: batch.spec };
}

export function toTaskView(task: Task): TaskView {
  return {
    id: task.id,
    batchId: task.batchId,
    seq: task.seq,
    state: task.state,
    provider: task.provider,
    model: task.model,
    prompt: task.prompt,
    params: task.params,
    seed: task.seed,
    remoteId: task.remoteId,
    attempts: task.attempts,
    errorCode: task.errorCode,
    errorMessage: task.errorMessage,
    estimatedCost: task.estimatedCost,
    actualCost: task.actualCost,
    outputsExpected: task.outputsExpected,
    submittedAt: task.submittedAt,
    finishedAt: task.finishedAt,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}

export function toTaskUpdate(task: Task): TaskUpdate {
  return {
    taskId: task.id,
    batchId: task.batchId,
    state: task.state,
    errorCode: task.errorCode,
    errorMessage: task.errorMessage,
    actualCost: task.actualCost,
    at: task.updatedAt,
  };
}

export function toOutputView(output: Output): OutputView {
  return {
    id: output.id,
    taskId: output.taskId,
    idx: output.idx,
    path: output.path,
    type: output.type,
    bytes: output.bytes,
    sha256: output.sha256,
    sidecarPath: output.sidecarPath,
    state: output.state,
    error: output.error,
    createdAt: output.createdAt,
  };
}

export function toHistoryItem(item: StoreHistoryItem): HistoryItem {
  return {
    outputId: item.outputId,
    outputIdx: item.outputIdx,
    outputState: item.outputState,
    path: item.path,
    type: item.type,
    bytes: item.bytes,
    sha256: item.sha256,
    sidecarPath: item.sidecarPath,
    taskId: item.taskId,
    taskState: item.taskState,
    remoteId: item.remoteId,
    prompt: item.prompt,
    provider: item.provider,
    model: item.model,
    batchId: item.batchId,
    batchName: item.batchName,
    params: item.params,
    seed: item.seed,
    estimatedCost: item.estimatedCost,
    actualCost: item.actualCost,
    currency: item.currency,
    createdAt: item.createdAt,
  };
}
