// The engine facade (electron/engine/engine.ts) seen through the port the API layer needs:
// result values become thrown AppErrors with codes, engine events become the contract's.
import { AppError, describeIssues } from '../../../shared/ipc/envelope';
import { createEngine } from '../engine';
import type { Engine } from '../engine';
import type { EnginePort } from './engine-port';
import type { HostOptions } from './host';
import { toTaskUpdate } from './views';

export function adaptEngine(engine: Engine): EnginePort {
  return {
    store: engine.store,
    // The engine's DryRun is the port's shape; the handler picks the wire fields.
    dryRun: (spec) => engine.dryRun(spec),
    async createBatch(spec) {
      const created = await engine.createBatch(spec);
      if (!created.ok) {
        throw new AppError(
          'invalid_input',
          `spec: ${describeIssues(created.issues)}`,
          created.issues,
        );
      }
      return { batchId: created.batchId, tasks: created.tasks };
    },
    pause: async (batchId) => engine.pause(batchId),
    resume: async (batchId) => engine.resume(batchId),
    async cancel(batchId) {
      engine.cancel(batchId);
    },
    retryFailed: async (batchId) => engine.retryFailed(batchId),
    async resolveUnknown(taskId, action) {
      if (!engine.resolveUnknown(taskId, action)) {
        throw new AppError(
          'conflict',
          `taskId: task ${taskId} is not waiting for a decision (only tasks in state unknown are)`,
        );
      }
    },
    eta: (batchId) => engine.eta(batchId),
    defaultOutputDir: () => engine.defaultOutputDir(),
    reloadProviders: () => engine.reloadProviders(),
    setConcurrency: (provider, limit) => engine.setConcurrency(provider, limit),
    onTask: (listener) => engine.on('task.updated', ({ task }) => listener(toTaskUpdate(task))),
    onOutput: (listener) =>
      engine.on('output.downloaded', ({ output, taskId, batchId }) => {
        if (output.path === null) return;
        listener({
          outputId: output.id,
          taskId,
          batchId,
          path: output.path,
          type: output.type,
          bytes: output.bytes,
          sha256: output.sha256,
        });
      }),
    onBatch: (listener) => engine.on('batch.updated', ({ batchId }) => listener(batchId)),
    async resumeAll() {
      engine.resumeAll({ resubmitUnknown: false, whenFree: true });
    },
    close: () => engine.close(),
  };
}

/** Poll interval in demo mode: the simulator is on loopback and answers in about a second. */
const DEMO_POLL_MS = 250;

export const makeEngine: HostOptions['makeEngine'] = ({ home, providers, demo }) =>
  adaptEngine(createEngine({ home, providers, pollMs: demo ? DEMO_POLL_MS : undefined }));
