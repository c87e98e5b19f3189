// One valid input per channel (test data for the fuzz and key-leak tests). The mapped type
// makes a new channel without an example fail to compile.
import path from 'node:path';
import type { Channel, Input } from '../../../shared/ipc/contract';

export interface ExampleContext {
  batchId: string;
  taskId: string;
  outputId: number;
  imagePath: string;
  simulatorUrl: string;
  apiKey: string;
}

export function channelExamples(ctx: ExampleContext): { [C in Channel]: Input<C> } {
  const spec = {
    name: 'example',
    provider: 'poyo',
    model: 'seedream-5.0-lite',
    prompts: { kind: 'text', text: 'a lighthouse' },
    pollMs: 20,
  } as const;
  return {
    'app.info': {},
    'catalog.list': {},
    'catalog.validate': { provider: 'poyo', model: 'seedream-5.0-lite', input: { prompt: 'x' } },
    'batch.dryRun': { spec },
    'batch.create': { spec },
    'batch.pause': { batchId: ctx.batchId },
    'batch.resume': { batchId: ctx.batchId },
    'batch.cancel': { batchId: ctx.batchId },
    'batch.retryFailed': { batchId: ctx.batchId },
    'task.resolveUnknown': { taskId: ctx.taskId, action: 'drop' },
    'batch.list': { limit: 10 },
    'batch.get': { batchId: ctx.batchId },
    'task.list': { batchId: ctx.batchId, states: ['succeeded'], limit: 10 },
    'history.search': { text: 'lighthouse', provider: 'poyo', limit: 5 },
    'history.window': { provider: 'poyo', offset: 0, limit: 5 },
    'history.tasks': { states: ['failed'], text: 'lighthouse', limit: 5 },
    'output.get': { outputId: ctx.outputId },
    'output.open': { outputId: ctx.outputId },
    'output.showInFolder': { outputId: ctx.outputId },
    'settings.get': {},
    'settings.set': { theme: 'dark' },
    'provider.status': {},
    'provider.setKey': { provider: 'poyo', apiKey: ctx.apiKey, baseUrl: ctx.simulatorUrl },
    'provider.setBaseUrl': { provider: 'modelverse', baseUrl: ctx.simulatorUrl },
    'provider.clearKey': { provider: 'apixo' },
    'provider.testKey': { provider: 'poyo' },
    'dialog.pickFolder': { title: 'Pick' },
    'dialog.pickFiles': { multiple: true },
    'files.scan': { paths: [ctx.imagePath], provider: 'poyo', model: 'seedream-5.0-lite-edit' },
    'files.checkOutputDir': { dir: path.dirname(ctx.imagePath) },
    'app.switchHistory': { demo: true },
  };
}
