// The scheduler: per-provider gates (concurrency + shared 429 backoff), per-model latency
// models for adaptive polling, and one timer queue for every due poll.
import { PROVIDER_IDS } from '../../../shared/catalog/types';
import type { PollingHint, ProviderId } from '../../../shared/catalog/types';
import { ProviderGate } from './gate';
import { LatencyModel } from './latency';
import type { LatencySnapshot } from './latency';

/** In-flight tasks per provider when the user says nothing: modest, under any documented cap. */
export const DEFAULT_CONCURRENCY: Readonly<Record<ProviderId, number>> = {
  poyo: 8,
  apixo: 8,
  modelverse: 4,
};

export interface SchedulerOptions {
  concurrency?: Partial<Record<ProviderId, number>>;
  /** A fixed poll interval for every task (tests, `--poll-ms`); adaptive when absent. */
  pollMs?: number;
  now?: () => number;
  random?: () => number;
  /** Learned latencies from earlier runs, and where to keep new ones. */
  loadLatency?: (key: string) => LatencySnapshot | null;
  saveLatency?: (key: string, snapshot: LatencySnapshot) => void;
}

export interface PollPlan {
  /** Latency model key: provider/model plus the guidance variant. */
  key: string;
  hint: PollingHint;
  /** A fixed interval for this task's batch (`--poll-ms`). */
  pollMs?: number;
}

export function latencyKey(provider: ProviderId, model: string, hint: PollingHint): string {
  return `${provider}/${model}@${hint.firstPollMs}`;
}

export class Scheduler {
  private readonly gates = new Map<ProviderId, ProviderGate>();
  private readonly models = new Map<string, LatencyModel>();
  private readonly learnedSince = new Map<string, number>();
  readonly now: () => number;

  constructor(private readonly opts: SchedulerOptions = {}) {
    this.now = opts.now ?? Date.now;
    for (const id of PROVIDER_IDS) {
      const limit = opts.concurrency?.[id] ?? DEFAULT_CONCURRENCY[id];
      this.gates.set(id, new ProviderGate(limit, { now: this.now, random: opts.random }));
    }
  }

  gate(provider: ProviderId): ProviderGate {
    return this.gates.get(provider) as ProviderGate;
  }

  setConcurrency(provider: ProviderId, limit: number): void {
    this.gate(provider).setLimit(limit);
  }

  private model(plan: PollPlan): LatencyModel {
    let model = this.models.get(plan.key);
    if (model === undefined) {
      model = new LatencyModel(plan.hint, this.opts.loadLatency?.(plan.key) ?? null);
      this.models.set(plan.key, model);
    }
    return model;
  }

  isLearned(plan: PollPlan): boolean {
    return this.model(plan).learned;
  }

  /** Offset after submit (ms) of poll number `index`, given the previous poll's offset. */
  pollOffset(plan: PollPlan, index: number, prevOffset: number): number {
    const fixed = plan.pollMs ?? this.opts.pollMs;
    if (fixed !== undefined) return prevOffset + fixed;
    return this.model(plan).offset(index, prevOffset);
  }

  /** A task finished remotely; its polls (offsets after submit) teach the model. */
  learn(plan: PollPlan, pollOffsets: readonly number[]): void {
    const model = this.model(plan);
    model.observe(pollOffsets);
    const count = (this.learnedSince.get(plan.key) ?? 0) + 1;
    this.learnedSince.set(plan.key, count);
    // Saved now and then: the snapshot is a hint for the next run, not state to protect.
    if (count === 1 || count % 10 === 0) this.persist(plan.key);
  }

  private persist(key: string): void {
    const snapshot = this.models.get(key)?.snapshot();
    if (snapshot) this.opts.saveLatency?.(key, snapshot);
  }

  flush(): void {
    for (const key of this.models.keys()) this.persist(key);
  }
}

/** A min-heap of (time, id) with one timer for the earliest; rescheduling replaces an entry. */
export class TimerQueue {
  private heap: { at: number; id: string; gen: number }[] = [];
  private readonly due = new Map<string, number>();
  private gen = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private closed = false;

  constructor(
    private readonly fire: (id: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.due.size;
  }

  has(id: string): boolean {
    return this.due.has(id);
  }

  at(id: string): number | undefined {
    const gen = this.due.get(id);
    return gen === undefined ? undefined : this.heap.find((e) => e.gen === gen)?.at;
  }

  schedule(id: string, at: number): void {
    if (this.closed) return;
    const gen = ++this.gen;
    this.due.set(id, gen);
    this.push({ at, id, gen });
    this.arm();
  }

  cancel(id: string): void {
    this.due.delete(id);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.heap = [];
    this.due.clear();
  }

  private push(entry: { at: number; id: string; gen: number }): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as typeof entry).at <= entry.at) break;
      h[i] = h[p] as typeof entry;
      i = p;
    }
    h[i] = entry;
  }

  private pop(): { at: number; id: string; gen: number } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = -1;
      let best = last;
      const left = h[l];
      const right = h[r];
      if (left !== undefined && left.at < best.at) {
        m = l;
        best = left;
      }
      if (right !== undefined && right.at < best.at) {
        m = r;
        best = right;
      }
      if (m < 0) break;
      h[i] = best;
      i = m;
    }
    h[i] = last;
    return top;
  }

  private arm(): void {
    // Drop stale entries (cancelled or rescheduled) from the top.
    while (this.heap[0] && this.due.get(this.heap[0].id) !== this.heap[0].gen) this.pop();
    const next = this.heap[0];
    if (next === undefined) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.timerAt = Infinity;
      return;
    }
    if (this.timer && this.timerAt <= next.at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next.at;
    this.timer = setTimeout(() => this.run(), Math.max(0, next.at - this.now()));
  }

  private run(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.now();
    const fired: string[] = [];
    while (this.heap[0] && this.heap[0].at <= now) {
      const e = this.pop() as { at: number; id: string; gen: number };
      if (this.due.get(e.id) !== e.gen) continue;
      this.due.delete(e.id);
      fired.push(e.id);
    }
    this.arm();
    for (const id of fired) this.fire(id);
  }
}
