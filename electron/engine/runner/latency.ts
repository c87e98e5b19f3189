// Adaptive polling. A fixed interval wastes up to a whole interval of every slot; polling often
// is impolite. Each provider+model keeps the recent finished tasks as intervals: the task
// finished after its last poll that saw it running and by the poll that saw it done. Treating
// each interval as uniform (recent tasks weigh more) gives a latency distribution; polls 1-4
// go at its 35th, 60th, 80th and 97th percentiles, so a task is seen done soon after it
// finishes with about 2-2.5 polls on average. Because polls sit inside the distribution, the
// intervals they produce are narrow, and the estimate sharpens itself (like bisection) even
// when many tasks finish at once.
import type { PollingHint } from '../../../shared/catalog/types';

export const QUANTILES = [0.35, 0.6, 0.8, 0.97] as const;
const MIN_STEP_MS = 10;
/** Recent tasks remembered per model. */
const WINDOW = 64;
/** A task's weight halves every this many newer tasks, so a change of latency is followed. */
const HALF_LIFE = 12;
/**
 * A task seen done at its first poll has no lower bound; assume it finished within the last
 * tenth before that poll. Too low a guess only moves the next polls earlier, where misses
 * then supply real lower bounds.
 */
const NO_LOWER_BOUND = 0.9;

export interface LatencySnapshot {
  /** Offsets (ms after submit) of the planned polls, one per quantile. */
  offsets: number[];
  /** Finished tasks learned from. */
  samples: number;
}

interface Interval {
  lo: number;
  hi: number;
}

/** Weighted share of the intervals finished by t, each spread evenly over its interval. */
function doneBy(intervals: readonly Interval[], t: number): number {
  let sum = 0;
  let total = 0;
  intervals.forEach(({ lo, hi }, i) => {
    const w = 0.5 ** ((intervals.length - 1 - i) / HALF_LIFE);
    total += w;
    if (t >= hi) sum += w;
    else if (t > lo) sum += (w * (t - lo)) / (hi - lo);
  });
  return sum / total;
}

function quantile(intervals: readonly Interval[], q: number): number {
  let a = Math.min(...intervals.map((i) => i.lo));
  let b = Math.max(...intervals.map((i) => i.hi));
  for (let k = 0; k < 40 && b - a > 0.5; k++) {
    const mid = (a + b) / 2;
    if (doneBy(intervals, mid) >= q) b = mid;
    else a = mid;
  }
  return b;
}

export class LatencyModel {
  private offsets: number[] | null = null;
  private samples = 0;
  private readonly intervals: Interval[] = [];

  constructor(
    private readonly hint: PollingHint,
    saved?: LatencySnapshot | null,
  ) {
    if (saved && saved.offsets.length === QUANTILES.length && saved.offsets.every((o) => o > 0)) {
      this.offsets = [...saved.offsets].sort((x, y) => x - y);
      this.samples = saved.samples;
    }
  }

  get learned(): boolean {
    return this.offsets !== null;
  }

  private get minStep(): number {
    return Math.max(MIN_STEP_MS, 0.01 * (this.offsets?.[1] ?? 0));
  }

  /**
   * When poll number `index` (1-based) should happen, in ms after submit, given the offset of
   * the previous poll (0 for the first).
   */
  offset(index: number, prevOffset: number): number {
    const { firstPollMs, intervalMs } = this.hint;
    if (this.offsets === null) {
      // Nothing learned yet: the provider's guidance, reached by doubling from an eighth of
      // it, so a fast model is not held to a slow model's first poll. Only the first tasks of
      // a model ever poll like this.
      if (index <= 4) return Math.max(prevOffset + MIN_STEP_MS, firstPollMs / 2 ** (4 - index));
      return prevOffset + intervalMs;
    }
    const planned = this.offsets[index - 1];
    const last = this.offsets[this.offsets.length - 1] as number;
    if (planned !== undefined && prevOffset < last) {
      return Math.max(planned, prevOffset + this.minStep);
    }
    // Past the 95th percentile (or resumed late): short steps that grow, never longer than
    // the guidance.
    const base = Math.max(this.minStep, 0.05 * (this.offsets[1] as number));
    const step = Math.min(intervalMs, base * 1.5 ** Math.max(0, index - QUANTILES.length - 1));
    return prevOffset + Math.max(this.minStep, step);
  }

  /** Learns from a finished task: the offsets of its polls; the last one saw it finished. */
  observe(pollOffsets: readonly number[]): void {
    const m = pollOffsets.length;
    if (m === 0) return;
    const hi = pollOffsets[m - 1] as number;
    const lo = m >= 2 ? (pollOffsets[m - 2] as number) : hi * NO_LOWER_BOUND;
    this.intervals.push({ lo, hi: Math.max(hi, lo + 1) });
    if (this.intervals.length > WINDOW) this.intervals.shift();
    this.samples++;
    this.offsets = QUANTILES.map((q) => quantile(this.intervals, q));
  }

  snapshot(): LatencySnapshot | null {
    return this.offsets === null
      ? null
      : { offsets: this.offsets.map((o) => Math.round(o)), samples: this.samples };
  }
}
