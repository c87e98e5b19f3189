// Batch summaries for tests of the queue and history selectors (never imported by product code).
import type { BatchSummary, StateCounts } from '../../../../shared/ipc/views';

const ZERO: Required<StateCounts> = {
  queued: 0,
  submitting: 0,
  submitted: 0,
  running: 0,
  downloading: 0,
  succeeded: 0,
  failed: 0,
  canceled: 0,
  unknown: 0,
};

export function batchSummary(
  id: string,
  counts: Partial<StateCounts>,
  patch: Partial<BatchSummary> = {},
): BatchSummary {
  const all = { ...ZERO, ...counts };
  return {
    id,
    name: id,
    provider: 'poyo',
    model: 'wan-2.7-image',
    status: 'active',
    outDir: '/out',
    template: '{input}.{ext}',
    collision: 'suffix',
    budget: null,
    currency: 'credits',
    estimatedCost: 42,
    createdAt: 1000,
    updatedAt: 1000,
    counts: all,
    total: Object.values(all).reduce((a, b) => a + b, 0),
    actualCost: 0,
    eta: null,
    ...patch,
  };
}
