// The one registry of work the runner does in memory: a submit on its way out, a remote task
// being watched, a download. Each entry owns its provider slot (if any) and gives it back when
// the entry ends, whatever the exit path, so no step releases a slot by hand.
import type { ProviderId } from '../../../shared/catalog/types';
import type { Slot } from './gate';
import type { PollPlan } from './scheduler';

export type Phase = 'submit' | 'watch' | 'deliver';

/** A remote task being watched: its poll plan, the polls so far and its deadlines. */
export interface Flight {
  taskId: string;
  plan: PollPlan;
  /** The submit's time on the monotonic clock; poll offsets count from here. */
  monoT0: number;
  offsets: number[];
  /** False for tasks resumed after a restart: their early polls are unknown. */
  learn: boolean;
  /** Still queued or running after this (monotonic ms), the task is given up on. */
  deadline: number;
  /** Polls failed in a row, and since when (monotonic ms). */
  errors: number;
  failingSince: number | null;
  /** Since when the provider has answered 404 for the task (monotonic ms). */
  notFoundSince: number | null;
  /** The user chose to resubmit an unknown task holding a remote id: check on it first. */
  reconcile: boolean;
  /** Database errors in a row while recording answers. */
  dbErrors: number;
}

export interface Work {
  readonly taskId: string;
  readonly batchId: string;
  readonly provider: ProviderId;
  phase: Phase;
  slot: Slot | null;
  flight?: Flight;
}

export class InFlight {
  private readonly work = new Map<string, Work>();

  constructor(
    private readonly onSlotFreed: () => void = () => undefined,
    /** Work of a batch ended: the batch may be done or settled now. */
    private readonly onEnded: (batchId: string) => void = () => undefined,
  ) {}

  /** Registers work for a task; false when the task already has some (the caller backs off). */
  begin(w: Omit<Work, 'slot'> & { slot?: Slot | null }): boolean {
    if (this.work.has(w.taskId)) {
      w.slot?.release();
      return false;
    }
    this.work.set(w.taskId, { ...w, slot: w.slot ?? null });
    return true;
  }

  get(taskId: string): Work | undefined {
    return this.work.get(taskId);
  }

  has(taskId: string): boolean {
    return this.work.has(taskId);
  }

  /** Moves the work on (submit -> watch -> deliver); the slot goes with it unless dropped. */
  next(taskId: string, phase: Phase, keepSlot: boolean): void {
    const w = this.work.get(taskId);
    if (w === undefined) return;
    w.phase = phase;
    if (!keepSlot) this.freeSlot(w);
  }

  /** The provider is done with the task: its slot is free for the next submit. */
  releaseSlot(taskId: string): void {
    const w = this.work.get(taskId);
    if (w) this.freeSlot(w);
  }

  /** The work ends: its slot (if still held) is released. */
  end(taskId: string): void {
    const w = this.work.get(taskId);
    if (w === undefined) return;
    this.work.delete(taskId);
    this.freeSlot(w);
    this.onEnded(w.batchId);
  }

  /** The work of one batch, in one phase. */
  *of(batchId: string, phase: Phase): Generator<Work> {
    for (const w of this.work.values()) if (w.batchId === batchId && w.phase === phase) yield w;
  }

  batchBusy(batchId: string): boolean {
    for (const w of this.work.values()) if (w.batchId === batchId) return true;
    return false;
  }

  count(phase?: Phase): number {
    if (phase === undefined) return this.work.size;
    let n = 0;
    for (const w of this.work.values()) if (w.phase === phase) n++;
    return n;
  }

  private freeSlot(w: Work): void {
    if (w.slot === null) return;
    const slot = w.slot;
    w.slot = null;
    if (!slot.released) {
      slot.release();
      this.onSlotFreed();
    }
  }
}
