// Catalog, batches, tasks, history and outputs: the channels that go through the engine and
// the store. Paths a batch uses become servable media (its inputs and its output folder).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CATALOG, describeModel, validateInput } from '../../../shared/catalog/index';
import { AppError } from '../../../shared/ipc/envelope';
import type { BatchSpec } from '../../../shared/schemas/batch';
import type { Batch } from '../store/types';
import type { Handlers } from './dispatch';
import type { ApiDeps } from './platform';
import { readSettings } from './settings-store';
import {
  summarise,
  toBatchDetail,
  toBatchView,
  toHistoryItem,
  toOutputView,
  toTaskView,
} from './views';

type BatchHandlers = Pick<
  Handlers,
  | 'catalog.list'
  | 'catalog.validate'
  | 'batch.dryRun'
  | 'batch.create'
  | 'batch.pause'
  | 'batch.resume'
  | 'batch.cancel'
  | 'batch.retryFailed'
  | 'task.resolveUnknown'
  | 'batch.list'
  | 'batch.get'
  | 'task.list'
  | 'history.search'
  | 'history.window'
  | 'history.tasks'
  | 'output.get'
  | 'output.open'
  | 'output.showInFolder'
>;

/** Lets the window show a batch's inputs and outputs. */
export function allowBatchMedia(deps: ApiDeps, spec: BatchSpec, outDir: string | null): void {
  if (spec.inputs.kind === 'folder') deps.media.allow(path.resolve(spec.inputs.dir));
  if (spec.inputs.kind === 'files') {
    for (const file of spec.inputs.files) deps.media.allow(path.resolve(file));
  }
  if (outDir) deps.media.allow(path.resolve(outDir));
}

export function createBatchHandlers(deps: ApiDeps): BatchHandlers {
  const { engine } = deps;
  const store = engine.store;

  const batchOrThrow = (batchId: string): Batch => {
    const batch = store.batches.get(batchId);
    if (!batch) throw new AppError('not_found', `batchId: no batch ${JSON.stringify(batchId)}`);
    return batch;
  };
  const summary = (batchId: string) => summarise(store, batchOrThrow(batchId), engine.eta(batchId));
  const outputOrThrow = (outputId: number) => {
    const output = store.outputs.get(outputId);
    if (!output) throw new AppError('not_found', `outputId: no output ${outputId}`);
    return output;
  };
  const fileOf = (outputId: number): string => {
    const output = outputOrThrow(outputId);
    if (output.state !== 'done' || output.path === null) {
      throw new AppError('conflict', `outputId: output ${outputId} has no file on disk yet`);
    }
    return output.path;
  };

  /** The user's default output folder and template apply where the spec names none. */
  const withDefaults = (spec: BatchSpec): BatchSpec => {
    const settings = readSettings(store.settings);
    return {
      ...spec,
      output: {
        ...spec.output,
        dir: spec.output.dir ?? settings.outputDir ?? undefined,
        template: spec.output.template ?? settings.template ?? undefined,
      },
    };
  };

  return {
    'catalog.list': () => ({ models: CATALOG.map(describeModel) }),
    'catalog.validate': ({ provider, model, input }) => {
      const result = validateInput(provider, model, input);
      return result.ok
        ? { valid: true, value: result.value }
        : { valid: false, issues: result.issues };
    },
    'batch.dryRun': async ({ spec }) => {
      const dry = await engine.dryRun(withDefaults(spec));
      return {
        tasks: dry.tasks,
        estimatedCost: dry.estimatedCost,
        currency: dry.currency,
        costBasis: dry.costBasis,
        issues: dry.issues,
        sample: dry.sample.slice(0, 5),
      };
    },
    'batch.create': async ({ spec }) => {
      const full = withDefaults(spec);
      const created = await engine.createBatch(full);
      allowBatchMedia(deps, full, store.batches.get(created.batchId)?.outDir ?? null);
      return { batchId: created.batchId, tasks: created.tasks };
    },
    'batch.pause': async ({ batchId }) => {
      batchOrThrow(batchId);
      await engine.pause(batchId);
      return summary(batchId);
    },
    'batch.resume': async ({ batchId }) => {
      batchOrThrow(batchId);
      await engine.resume(batchId);
      return summary(batchId);
    },
    'batch.cancel': async ({ batchId }) => {
      batchOrThrow(batchId);
      await engine.cancel(batchId);
      return summary(batchId);
    },
    'batch.retryFailed': async ({ batchId }) => {
      batchOrThrow(batchId);
      const retried = await engine.retryFailed(batchId);
      return { retried, batch: summary(batchId) };
    },
    'task.resolveUnknown': async ({ taskId, action }) => {
      if (!store.tasks.get(taskId)) {
        throw new AppError('not_found', `taskId: no task ${JSON.stringify(taskId)}`);
      }
      await engine.resolveUnknown(taskId, action);
      const task = store.tasks.get(taskId);
      if (!task) throw new AppError('not_found', `taskId: task ${taskId} is gone`);
      return toTaskView(task);
    },
    'batch.list': ({ statuses, limit, offset }) => ({
      batches: store.batches
        .list({ statuses, limit, offset })
        .map((batch) => summarise(store, batch, engine.eta(batch.id))),
    }),
    'batch.get': ({ batchId }) => toBatchDetail(store, batchOrThrow(batchId), engine.eta(batchId)),
    'task.list': ({ batchId, states, limit, offset }) => {
      batchOrThrow(batchId);
      const counts = store.tasks.countsByState(batchId);
      const total = Object.entries(counts)
        .filter(([state]) => !states || (states as readonly string[]).includes(state))
        .reduce((sum, [, n]) => sum + n, 0);
      const tasks = store.tasks.listByBatch(batchId, { states, limit, offset }).map(toTaskView);
      return { tasks, total };
    },
    'history.search': (query) => {
      const page = store.history.search(query);
      return {
        items: page.items.map(toHistoryItem),
        total: page.total,
        nextCursor: page.nextCursor,
      };
    },
    'history.window': (query) => {
      const window = store.history.window(query);
      return { items: window.items.map(toHistoryItem), offset: window.offset, total: window.total };
    },
    'history.tasks': (query) => store.history.endedTasks(query),
    'output.get': async ({ outputId }) => {
      const output = outputOrThrow(outputId);
      const task = store.tasks.get(output.taskId);
      const batch = task ? store.batches.get(task.batchId) : undefined;
      if (!task || !batch)
        throw new AppError('not_found', `outputId: output ${outputId} has no task`);
      const lineage = output.sha256
        ? store.history.lineage(output.sha256)
        : { producedBy: [], usedBy: [] };
      return {
        output: toOutputView(output),
        task: toTaskView(task),
        batch: toBatchView(batch),
        inputs: store.tasks.inputs(task.id).map(({ path: p, relPath, bytes, sha256 }) => ({
          path: p,
          relPath,
          bytes,
          sha256,
        })),
        sidecar: await readSidecar(output.sidecarPath),
        lineage: {
          producedBy: lineage.producedBy.map(toHistoryItem),
          usedBy: lineage.usedBy.map(toHistoryItem),
        },
      };
    },
    'output.open': async ({ outputId }) => {
      const open = deps.platform.openPath;
      if (!open)
        throw new AppError('not_available', 'opening files is only available in the desktop app');
      await open(fileOf(outputId));
      return { done: true };
    },
    'output.showInFolder': ({ outputId }) => {
      const show = deps.platform.showInFolder;
      if (!show) {
        throw new AppError(
          'not_available',
          'showing files in a folder is only available in the desktop app',
        );
      }
      show(fileOf(outputId));
      return { done: true };
    },
  };
}

/** The sidecar JSON beside an output; null when it is missing or not JSON. */
async function readSidecar(file: string | null): Promise<unknown> {
  if (file === null) return null;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}
