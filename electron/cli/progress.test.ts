// Progress as a log reads it: what the line says, and that the last state is written even when
// it came too soon after the previous line and nothing follows it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchUpdate } from '../engine/engine';
import type { StateCounts } from '../engine/store/types';
import { Progress, progressLine } from './progress';

const ZERO: StateCounts = {
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

function update(
  counts: Partial<StateCounts>,
  status: BatchUpdate['status'] = 'active',
): BatchUpdate {
  return { batchId: 'b', status, counts: { ...ZERO, ...counts } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('progress line', () => {
  it('shows tasks waiting for the user and the spend so far', () => {
    const line = progressLine(update({ succeeded: 3, running: 2, unknown: 1 }), 6, null, {
      actual: 12.6,
      currency: 'credits',
    });
    expect(line).toBe('3/6 done · 3 ok · 2 running · 1 waiting for you · spent 12.6 credits');
    // A paused batch's queued tasks wait for the user too.
    expect(progressLine(update({ queued: 4 }, 'paused'), 4, null)).toBe(
      '0/4 done · 0 ok · 4 waiting for you',
    );
    expect(
      progressLine(update({ succeeded: 1 }), 2, null, { actual: 0.06, currency: 'USD' }),
    ).toMatch(/spent \$0\.06$/);
  });

  it('in a log: one line a second at most, and the last state is written after the wait', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const p = new Progress({ write: (t) => lines.push(t), isTTY: false }, 2, {
      now: () => Date.now(),
    });
    p.update(update({ running: 2 }), null);
    p.update(update({ running: 1, downloading: 1 }), null);
    p.update(update({ downloading: 2 }), null);
    expect(lines).toEqual(['progress: 0/2 done · 0 ok · 2 running\n']);
    vi.advanceTimersByTime(1000);
    expect(lines).toEqual([
      'progress: 0/2 done · 0 ok · 2 running\n',
      'progress: 0/2 done · 0 ok · 2 downloading\n',
    ]);
    p.finish(update({ succeeded: 2 }, 'done'));
    expect(lines.at(-1)).toBe('progress: 2/2 done · 2 ok\n');
  });
});
