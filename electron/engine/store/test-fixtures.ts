/** Builders shared by the store's tests (and usable by the runner's tests). */
import type { NewBatch, NewTask } from './types';

export function newBatch(over: Partial<NewBatch> = {}): NewBatch {
  return {
    id: 'b1',
    name: 'Spring catalog',
    provider: 'poyo',
    model: 'seedream-5.0-lite',
    spec: { prompt: 'x' },
    outDir: '/tmp/out',
    template: '{batch}/{input}-{index}.{ext}',
    collision: 'suffix',
    currency: 'credits',
    ...over,
  };
}

export function newTask(seq: number, over: Partial<NewTask> = {}): NewTask {
  return {
    id: `t${seq}`,
    batchId: 'b1',
    seq,
    provider: 'poyo',
    model: 'seedream-5.0-lite',
    params: { prompt: `a red fox number ${seq}`, size: '1:1' },
    prompt: `a red fox number ${seq}`,
    idempotencyKey: `key-${seq}`,
    estimatedCost: 5,
    ...over,
  };
}
