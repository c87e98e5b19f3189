import { describe, expect, it } from 'vitest';
import { cancelConsequences, countChips, doneText, progressValueText } from './counts';
import { progressOf } from './selectors';
import { batchSummary } from './summary.testkit';

describe('batch counts in words', () => {
  it('a canceled batch counts only succeeded tasks as done (46 of 144, not 144 of 144)', () => {
    const p = progressOf(
      batchSummary('b', { succeeded: 46, failed: 2, canceled: 96 }, { status: 'canceled' }),
    );
    expect(doneText(p)).toBe('46 / 144 done');
    expect(countChips(p).map((chip) => chip.text)).toEqual(['2 failed', '96 canceled']);
    expect(progressValueText(p)).toBe('46 succeeded, 2 failed, 96 canceled of 144');
  });

  it('a running batch says what is in progress and queued, with thousands separated', () => {
    const p = progressOf(batchSummary('b', { succeeded: 1200, running: 3, queued: 1500 }));
    expect(doneText(p)).toBe('1,200 / 2,703 done');
    expect(countChips(p).map((chip) => chip.text)).toEqual(['3 in progress', '1,500 queued']);
    expect(progressValueText(p)).toBe('1,200 succeeded of 2,703');
  });

  it('Cancel says what happens to queued, waiting and running tasks and to the outputs', () => {
    const lines = cancelConsequences(
      batchSummary('b', { queued: 98, unknown: 1, running: 2, succeeded: 44 }),
    );
    expect(lines).toEqual([
      '98 tasks not started yet will not be submitted.',
      '1 task waiting for your decision is dropped: nothing more is sent.',
      '2 tasks are already at the provider and paid for: they run to the end and the files are still saved.',
      'The 44 finished outputs stay in History.',
    ]);
  });
});
