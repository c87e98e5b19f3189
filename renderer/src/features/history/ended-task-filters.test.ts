import { describe, expect, it } from 'vitest';
import { batchSummary } from '../queue/summary.testkit';
import { endedCount, endedStatusOf, endedTasksInput } from './ended-task-filters';
import { EMPTY_FILTERS } from './selectors';

describe("History's failed and canceled filter", () => {
  it('asks only for failed or canceled tasks', () => {
    expect(endedStatusOf({ ...EMPTY_FILTERS, status: 'failed' })).toBe('failed');
    expect(endedStatusOf({ ...EMPTY_FILTERS, status: 'canceled' })).toBe('canceled');
    expect(endedStatusOf({ ...EMPTY_FILTERS, status: 'succeeded' })).toBeNull();
    expect(endedStatusOf(EMPTY_FILTERS)).toBeNull();
  });

  it('sends the gallery filters to history.tasks, the whole last day included', () => {
    const input = endedTasksInput(
      {
        ...EMPTY_FILTERS,
        status: 'failed',
        text: '  teapot ',
        provider: 'poyo',
        model: 'wan-2.7-image',
        batchId: 'b1',
        from: '2026-03-01',
        to: '2026-03-02',
      },
      'failed',
    );
    expect(input).toEqual({
      states: ['failed'],
      text: 'teapot',
      provider: 'poyo',
      model: 'wan-2.7-image',
      batchId: 'b1',
      from: new Date(2026, 2, 1).getTime(),
      to: new Date(2026, 2, 3).getTime(),
      limit: 500,
    });
    expect(endedTasksInput({ ...EMPTY_FILTERS, status: 'canceled' }, 'canceled')).toEqual({
      states: ['canceled'],
      limit: 500,
    });
  });

  it('is read again when the count of such tasks moves, not on every progress event', () => {
    const batches = [
      batchSummary('a', { failed: 2, succeeded: 5 }),
      batchSummary('b', { failed: 1, canceled: 3 }),
    ];
    expect(endedCount(batches, 'failed')).toBe(3);
    expect(endedCount(batches, 'canceled')).toBe(3);
    expect(endedCount(batches, null)).toBe(0);
  });
});
