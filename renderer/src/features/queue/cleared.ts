// "Clear finished": finished batches leave the queue view (they stay in History). The mark is
// a time, kept per home: batches that had finished by then are hidden; one that runs again
// (a retry) is no longer finished and shows again. Pure, plus the storage it is kept in.
import type { BatchSummary } from '../../../../shared/ipc/views';
import { phaseOf } from './selectors';

const PREFIX = 'genloom.queue.clearedAt.v1:';

/** Over: nothing more will happen without the user (done, failed, partial or canceled). */
export function isFinished(batch: BatchSummary): boolean {
  const phase = phaseOf(batch);
  return phase === 'done' || phase === 'failed' || phase === 'partial' || phase === 'canceled';
}

/** Whether the queue shows this batch, given the last "Clear finished" mark. */
export function isShown(batch: BatchSummary, clearedAt: number): boolean {
  return !(isFinished(batch) && batch.updatedAt <= clearedAt);
}

/**
 * The mark for clearing what is finished now: main's own time of the newest finished batch,
 * so a clock difference between main and this page hides neither too little nor too much.
 */
export function clearMark(batches: readonly BatchSummary[], previous: number): number {
  return batches.filter(isFinished).reduce((mark, b) => Math.max(mark, b.updatedAt), previous);
}

export function readClearedAt(home: string): number {
  try {
    const value = Number(localStorage.getItem(`${PREFIX}${home}`));
    return Number.isFinite(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}

export function writeClearedAt(home: string, mark: number): void {
  try {
    if (mark === 0) localStorage.removeItem(`${PREFIX}${home}`);
    else localStorage.setItem(`${PREFIX}${home}`, String(mark));
  } catch {
    // Storage off: the batches stay hidden until the page reloads.
  }
}
