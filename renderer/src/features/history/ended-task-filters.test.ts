import { describe, expect, it } from 'vitest';
import { batchSummary } from '../queue/summary.testkit';
import { batchesToScan, scanKey, taskMatches } from './ended-task-filters';
import type { EndedTask } from './ended-task-filters';
import { EMPTY_FILTERS } from './selectors';

function task(prompt: string, finishedAt: number): EndedTask {
  return {
    id: prompt,
    batchId: 'b',
    seq: 1,
    state: 'failed',
    provider: 'poyo',
    model: 'wan-2.7-image',
    prompt,
    params: {},
    seed: null,
    remoteId: null,
    attempts: 1,
    errorCode: 'server_error',
    errorMessage: 'boom',
    estimatedCost: 4.2,
    actualCost: 0,
    outputsExpected: 1,
    submittedAt: null,
    finishedAt,
    createdAt: finishedAt,
    updatedAt: finishedAt,
    batchName: 'Teapots',
    currency: 'credits',
  };
}

describe('failed and canceled tasks for History', () => {
  it('reads only batches whose counts hold some, matching the provider, model and batch', () => {
    const batches = [
      batchSummary('none', { succeeded: 3 }),
      batchSummary('old', { failed: 1 }, { createdAt: 1 }),
      batchSummary('new', { failed: 2 }, { createdAt: 9 }),
      batchSummary('other', { failed: 2 }, { provider: 'apixo', createdAt: 5 }),
    ];
    const ids = (filters = EMPTY_FILTERS) =>
      batchesToScan(batches, filters, 'failed').map((batch) => batch.id);
    expect(ids()).toEqual(['new', 'other', 'old']);
    expect(ids({ ...EMPTY_FILTERS, provider: 'poyo' })).toEqual(['new', 'old']);
    expect(ids({ ...EMPTY_FILTERS, batchId: 'old' })).toEqual(['old']);
    expect(batchesToScan(batches, EMPTY_FILTERS, 'canceled')).toEqual([]);
  });

  it('matches every searched word in the prompt or batch name, and the dates', () => {
    const t = task('a Teapot that breaks', new Date(2026, 2, 14, 12).getTime());
    expect(taskMatches(t, { ...EMPTY_FILTERS, text: 'teapot BREAKS' })).toBe(true);
    expect(taskMatches(t, { ...EMPTY_FILTERS, text: 'teapots' })).toBe(true);
    expect(taskMatches(t, { ...EMPTY_FILTERS, text: 'shelf' })).toBe(false);
    expect(taskMatches(t, { ...EMPTY_FILTERS, from: '2026-03-14', to: '2026-03-14' })).toBe(true);
    expect(taskMatches(t, { ...EMPTY_FILTERS, from: '2026-03-15' })).toBe(false);
  });

  it('is read again only when a relevant count moves', () => {
    const before = [batchSummary('a', { failed: 1, running: 3 })];
    const progress = [batchSummary('a', { failed: 1, running: 2, succeeded: 1 })];
    const failedMore = [batchSummary('a', { failed: 2, running: 2 })];
    expect(scanKey(progress, 'failed')).toBe(scanKey(before, 'failed'));
    expect(scanKey(failedMore, 'failed')).not.toBe(scanKey(before, 'failed'));
  });
});
