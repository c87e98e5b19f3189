// Adaptive polling. A fixed interval wastes up to a whole interval of every slot; polling often
// is impolite. Instead each provider+model keeps three poll offsets (time since submit) that
// track the 30th, 65th and 95th percentile of its task latency, so most tasks are seen done
// within 1-3 polls, soon after they finish. The offsets are learned with a Robbins-Monro
// quantile update that needs only "was it done by poll k?", which every finished task answers
// exactly, even though polling never sees the true finish time.
import type { PollingHint } from '../../../shared/catalog/types';

export const QUANTILES = [0.3, 0.65, 0.95] as const;
const MIN_STEP_MS = 10;

export interface LatencySnapshot {
  /** Offsets (ms after submit) of polls 1-3. */
  offsets: number[];
  /** Finished tasks learned from. */
  samples: number;
}

function sortedTriple(values: readonly number[]): number[] {
  const [a = 0, b = a, c = b] = [...values].sort((x, y) => x - y);
  return [a, b, c];
}

export class LatencyModel {
  private offsets: number[] | null = null;
  private samples = 0;

  constructor(
    private readonly hint: PollingHint,
    saved?: LatencySnapshot | null,
  ) {
    if (saved && saved.offsets.length === 3 && saved.offsets.every((o) => o > 0)) {
      this.offsets = sortedTriple(saved.offsets);
      // A saved model keeps adapting quickly: conditions change between runs.
      this.samples = Math.min(saved.samples, 20);
    }
  }

  get learned(): boolean {
    return this.offsets !== null;
  }

  private get minStep(): number {
    return Math.max(MIN_STEP_MS, 0.02 * (this.offsets?.[1] ?? 0));
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
    const last = this.offsets[2] as number;
    if (planned !== undefined && prevOffset < last) {
      return Math.max(planned, prevOffset + this.minStep);
    }
    // Past the 95th percentile (or resumed late): short steps that grow, never longer than
    // the guidance.
    const base = Math.max(this.minStep, 0.08 * (this.offsets[1] as number));
    const step = Math.min(intervalMs, base * 1.5 ** Math.max(0, index - 4));
    return prevOffset + Math.max(this.minStep, step);
  }

  /** Learns from a finished task: the offsets of its polls; the last one saw it finished. */
  observe(pollOffsets: readonly number[]): void {
    const m = pollOffsets.length;
    if (m === 0) return;
    const hi = pollOffsets[m - 1] as number;
    const lo = m >= 2 ? (pollOffsets[m - 2] as number) : 0;
    // The finish lies in (lo, hi]; with no earlier poll the middle would be a wild guess.
    const estimate = lo > 0 ? (lo + hi) / 2 : hi * 0.75;
    this.samples++;
    if (this.offsets === null) {
      this.offsets = [estimate * 0.92, estimate, estimate * 1.12];
      return;
    }
    const rate = Math.max(0.05, 0.3 / Math.sqrt(this.samples));
    const next = this.offsets.map((t, i) => {
      const q = QUANTILES[i] as number;
      // Done by poll k exactly when it was seen at poll m <= k.
      const doneBy = m <= i + 1;
      return t * Math.exp(doneBy ? -rate * (1 - q) : rate * q);
    });
    // A task far past every planned poll: the model got slower (queueing); re-centre at once.
    const third = next[2] as number;
    if (m > 3 && estimate > third * 1.25) {
      const ratio = estimate / (next[1] as number);
      this.offsets = sortedTriple(next.map((t) => t * ratio));
      return;
    }
    this.offsets = sortedTriple(next);
  }

  snapshot(): LatencySnapshot | null {
    return this.offsets === null
      ? null
      : { offsets: this.offsets.map((o) => Math.round(o)), samples: this.samples };
  }
}
