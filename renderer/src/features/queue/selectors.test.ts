import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../../../shared/ipc/views';
import {
  etaText,
  explainError,
  mergeTaskUpdates,
  orderBatches,
  phaseOf,
  progressOf,
  upsertBatches,
} from './selectors';
import { batchSummary } from './summary.testkit';

const batch = batchSummary;

describe('batch progress', () => {
  it('counts finished, in-progress and waiting tasks', () => {
    const p = progressOf(
      batch('b', { succeeded: 6, failed: 1, running: 2, submitted: 1, queued: 8, unknown: 2 }),
    );
    expect(p).toMatchObject({ total: 20, finished: 7, active: 3, queued: 8, waiting: 2 });
    expect(p.fraction).toBeCloseTo(7 / 20);
  });

  it('tells running, waiting-for-the-user, partial, done and failed apart', () => {
    expect(phaseOf(batch('b', { running: 1, succeeded: 1 }))).toBe('running');
    expect(phaseOf(batch('b', { unknown: 1, succeeded: 3 }))).toBe('waiting');
    expect(phaseOf(batch('b', { succeeded: 3, failed: 1 }, { status: 'done' }))).toBe('partial');
    expect(phaseOf(batch('b', { succeeded: 3 }, { status: 'done' }))).toBe('done');
    expect(phaseOf(batch('b', { failed: 3 }, { status: 'done' }))).toBe('failed');
    expect(phaseOf(batch('b', { queued: 3 }, { status: 'paused' }))).toBe('paused');
  });

  it('lists unfinished batches first, newest first within each group', () => {
    const order = orderBatches([
      batch('old-done', { succeeded: 1 }, { status: 'done', createdAt: 5 }),
      batch('old-running', { running: 1 }, { createdAt: 1 }),
      batch('new-running', { queued: 1 }, { createdAt: 9 }),
    ]).map((b) => b.id);
    expect(order).toEqual(['new-running', 'old-running', 'old-done']);
  });

  it('words the ETA only while running', () => {
    expect(etaText(batch('b', { running: 1 }, { eta: 200_000 }), 20_000)).toBe('~3 min left');
    expect(etaText(batch('b', { running: 1 }, { eta: 21_000 }), 20_000)).toBe('finishing…');
    expect(etaText(batch('b', { succeeded: 1 }, { status: 'done', eta: 9e9 }), 0)).toBeNull();
    expect(etaText(batch('b', { queued: 3 }, { status: 'paused', eta: 9e9 }), 0)).toBeNull();
  });

  it('says it is estimating before any task has finished, instead of showing nothing', () => {
    // Main has no latency to go on until the first task ends, so its ETA is null.
    const early = batch('b', { submitted: 4, queued: 4 });
    expect(etaText(early, 0)).toBe('estimating…');
    // Once a task has finished main answers an ETA, and the words follow it.
    const later = batch('b', { succeeded: 1, submitted: 4, queued: 3 }, { eta: 125_000 });
    expect(etaText(later, 5_000)).toBe('~2 min left');
    // Only downloads left: no new latency will come, the batch is about to end.
    expect(etaText(batch('b', { succeeded: 7, downloading: 1 }), 0)).toBe('finishing…');
  });
});

describe('provider errors in plain words', () => {
  it('gives a title and what to do for known codes and keeps the recorded message', () => {
    const e = explainError('no_balance', 'PoYo says: insufficient credits (HTTP 402).');
    expect(e).toEqual({
      title: 'The provider account is out of credit',
      detail: 'PoYo says: insufficient credits (HTTP 402).',
      action: 'Top up with the provider, then retry failed tasks.',
    });
  });

  it('falls back to the message for codes it does not know, and to nothing for no error', () => {
    expect(explainError('weird_code', 'Something odd')).toEqual({
      title: 'Something odd',
      detail: '',
    });
    expect(explainError(null, null)).toBeNull();
  });
});

describe('event merging', () => {
  const task = (id: string, state: TaskView['state']): TaskView => ({
    id,
    batchId: 'b',
    seq: 0,
    state,
    provider: 'poyo',
    model: 'm',
    prompt: 'p',
    params: {},
    seed: null,
    remoteId: null,
    attempts: 0,
    errorCode: null,
    errorMessage: null,
    estimatedCost: 1,
    actualCost: null,
    outputsExpected: 1,
    submittedAt: null,
    finishedAt: null,
    createdAt: 0,
    updatedAt: 0,
  });

  it('applies task updates to the loaded page and leaves it alone when none apply', () => {
    const page = [task('a', 'running'), task('b', 'queued')];
    const merged = mergeTaskUpdates(page, [
      { id: 'a', state: 'failed', errorCode: 'timeout', errorMessage: 'late', actualCost: null },
    ]);
    expect(merged[0]).toMatchObject({
      state: 'failed',
      errorCode: 'timeout',
      errorMessage: 'late',
    });
    expect(merged[1]).toBe(page[1]);
    // The end time comes with the event, so an opened row can say when the task ended.
    const ended = mergeTaskUpdates(page, [
      { id: 'a', state: 'succeeded', errorCode: null, errorMessage: null, actualCost: 4.2, at: 77 },
    ]);
    expect(ended[0]).toMatchObject({ finishedAt: 77, updatedAt: 77, actualCost: 4.2 });
    expect(
      mergeTaskUpdates(page, [
        { id: 'zzz', state: 'failed', errorCode: null, errorMessage: null, actualCost: null },
      ]),
    ).toBe(page);
  });

  it('never rolls a batch back to an older summary', () => {
    const newer = batch('b', { succeeded: 5 }, { updatedAt: 20 });
    const older = batch('b', { succeeded: 2 }, { updatedAt: 10 });
    const state = upsertBatches({}, [newer]);
    expect(upsertBatches(state, [older]).b).toBe(newer);
    expect(upsertBatches(state, [batch('c', {})]).c?.id).toBe('c');
  });
});
