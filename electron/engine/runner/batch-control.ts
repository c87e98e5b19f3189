// Batches as the runner drives them: which are active, the pump that hands queued tasks to
// free provider slots (oldest batch first), the budget cap, pause, and "settled" (nothing more
// will happen without the user) for the CLI and tests to wait on.
import { OPEN_STATES } from '../../../shared/schemas/task-states';
import type { Batch, StateCounts, Task } from '../store/types';
import type { BatchHooks, RunnerContext } from './context';
import { Spend } from './spend';
import { submitTask } from './submit';

/** What the pump needs from the runner beyond the steps' context. */
export interface PumpHost {
  /** Does this process still hold the database's driver lease? */
  mayDrive(): boolean;
  /** A task's next try is not before this (monotonic ms). */
  retryNotBefore(taskId: string): number;
  /** A submit started: the runner gives it a grace period at close. */
  launch(submit: Promise<void>): void;
}

interface BatchRun {
  batch: Batch;
  pollMs?: number;
  /** Counted only for batches with a budget. */
  spend: Spend;
}

/** Pump errors (the database refused a read) are retried this long after. */
const PUMP_RETRY_MS = 1_000;

function specField(batch: Batch, key: 'pollMs' | 'concurrency'): number | undefined {
  const spec = batch.spec as Record<string, unknown> | null;
  const v = spec?.[key];
  return typeof v === 'number' ? v : undefined;
}

/**
 * Nothing more happens without the user: the runner drives none of the batch's tasks (the
 * caller checks that) and nothing is queued for an active batch. Tasks left in a remote state
 * here could not be tracked (their provider has no key): they wait for the user too.
 */
export function isSettled(counts: StateCounts, status: Batch['status']): boolean {
  if (counts.submitting + counts.downloading > 0) return false;
  return counts.queued === 0 || status !== 'active';
}

export class BatchControl implements BatchHooks {
  private readonly runs = new Map<string, BatchRun>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private pumpQueued = false;
  private pumpStopped = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private wakeAt = Infinity;
  /** Trailing refreshes of busy batches. */
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly r: RunnerContext,
    private readonly host: PumpHost,
  ) {}

  pollMs(batchId: string): number | undefined {
    return this.runs.get(batchId)?.pollMs;
  }

  /** Starts driving an active batch: its concurrency, poll interval and budget so far. */
  activate(batchId: string): void {
    const batch = this.r.store.batches.get(batchId);
    if (batch === undefined || batch.status !== 'active') return;
    const concurrency = specField(batch, 'concurrency');
    if (concurrency !== undefined) this.r.scheduler.setConcurrency(batch.provider, concurrency);
    const run: BatchRun = {
      batch,
      pollMs: specField(batch, 'pollMs'),
      spend: batch.budget === null ? new Spend() : Spend.of(this.r.store, this.r.work, batch),
    };
    this.runs.set(batchId, run);
    this.kick();
  }

  deactivate(batchId: string): void {
    this.runs.delete(batchId);
  }

  /** A task's cost became final (actual null: keep the estimate, the price is unknown). */
  charge(task: Task, actual: number | null): void {
    this.runs.get(task.batchId)?.spend.settle(task.id, actual);
  }

  /** The task went back to the queue or failed before costing anything. */
  uncharge(taskId: string): void {
    for (const run of this.runs.values()) run.spend.release(taskId);
  }

  kick(): void {
    if (this.pumpQueued || this.r.closed || this.pumpStopped) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.safePump();
    });
  }

  /** No new submits from now on (closing); what is in flight carries on. */
  stopPump(): void {
    this.pumpStopped = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  private wake(at: number): void {
    if (at >= this.wakeAt || this.r.closed || this.pumpStopped) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = null;
        this.wakeAt = Infinity;
        this.safePump();
      },
      Math.max(0, at - this.r.mono()),
    );
  }

  /** A database error in the pump is retried shortly; it never escapes into the event loop. */
  private safePump(): void {
    try {
      this.pump();
    } catch (err) {
      this.r.internalError(null, err, 'choosing the next tasks to submit');
      this.wake(this.r.mono() + PUMP_RETRY_MS);
    }
  }

  /** Hands queued tasks to free slots: a new task is submitted the moment a slot frees. */
  pump(): void {
    if (this.r.closed || this.pumpStopped || !this.host.mayDrive()) return;
    const now = this.r.mono();
    for (const run of [...this.runs.values()]) {
      const { batch } = run;
      if (!this.stillActive(batch.id)) continue;
      const gate = this.r.scheduler.gate(batch.provider);
      const blocked = gate.blockedFor();
      if (blocked > 0) {
        this.wake(now + blocked);
        continue;
      }
      let free = gate.free();
      if (free <= 0) continue;
      const candidates = this.r.store.tasks.nextQueued(
        batch.id,
        free + this.r.work.count('submit') + 16,
      );
      for (const task of candidates) {
        if (free <= 0) break;
        if (this.r.work.has(task.id)) continue;
        const notBefore = this.host.retryNotBefore(task.id);
        if (notBefore > now) {
          this.wake(notBefore);
          continue;
        }
        const estimate = task.estimatedCost ?? 0;
        if (batch.budget !== null && run.spend.exceeds(estimate, batch.budget)) {
          // Wait while costs are still provisional (refunds may make room), else stop.
          if (run.spend.pending === 0) this.stopForBudget(run, estimate);
          break;
        }
        const slot = gate.take();
        if (slot === null) break;
        free--;
        run.spend.claim(task.id, estimate);
        this.r.work.begin({
          taskId: task.id,
          batchId: batch.id,
          provider: batch.provider,
          phase: 'submit',
          slot,
        });
        const submitting = submitTask(this.r, task)
          .catch((err: unknown) => {
            // A database error before the request left: the task is still queued.
            this.uncharge(task.id);
            this.r.internalError(task.id, err, 'submitting');
          })
          .finally(() => {
            // Not handed on to be watched: the entry ends here, its slot is free and the
            // batch is looked at again.
            if (this.r.work.get(task.id)?.phase === 'submit') this.r.work.end(task.id);
          });
        this.host.launch(submitting);
      }
    }
  }

  /**
   * Pause and cancel may come from another process on this database (the desktop app while
   * the CLI drives): they are flags in the store, picked up here before anything more is
   * submitted for the batch.
   */
  private stillActive(batchId: string): boolean {
    const status = this.r.store.batches.get(batchId)?.status;
    if (status === 'active') return true;
    this.runs.delete(batchId);
    const reason =
      status === 'paused' || status === 'canceled'
        ? `${status} from another Genloom window or process`
        : undefined;
    this.changed(batchId, reason);
    return false;
  }

  private stopForBudget(run: BatchRun, next: number): void {
    const { batch } = run;
    const message = `not submitted: the next task (estimated ${next}) would take the spend from ${
      Math.round(run.spend.committed * 10000) / 10000
    } past the budget of ${batch.budget} ${batch.currency}`;
    const n = this.r.store.tasks.transitionBatch(batch.id, ['queued'], 'canceled', {
      errorCode: 'budget_exceeded',
      errorMessage: message,
    });
    this.r.store.events.append({
      kind: 'batch.budget_reached',
      batchId: batch.id,
      data: { canceled: n, committed: run.spend.committed, budget: batch.budget },
    });
    this.changed(batch.id, `budget reached: ${n} tasks ${message}`);
  }

  pause(batchId: string, reason?: string): void {
    const batch = this.r.store.batches.get(batchId);
    if (batch === undefined || batch.status !== 'active') return;
    this.r.store.transaction(() => {
      this.r.store.batches.setStatus(batchId, 'paused');
      this.r.store.events.append({
        kind: 'batch.paused',
        batchId,
        data: { reason: reason ?? null },
      });
    });
    this.runs.delete(batchId);
    this.changed(batchId, reason);
  }

  /**
   * Something in the batch changed. While the runner is still driving tasks of the batch,
   * listeners get fresh counts at most every 250 ms (a 100k-task batch must not count its
   * rows once per task); once it is not, the batch is checked at once for done and settled.
   */
  changed(batchId: string, reason?: string): void {
    if (reason === undefined && this.r.work.batchBusy(batchId)) {
      this.refreshLater(batchId);
      return;
    }
    this.safeRefresh(batchId, reason);
  }

  private safeRefresh(batchId: string, reason?: string): void {
    try {
      this.refresh(batchId, reason);
    } catch (err) {
      // The database refused a read or the done mark: look again shortly.
      this.r.internalError(null, err, 'refreshing a batch');
      this.refreshLater(batchId);
    }
  }

  private refreshLater(batchId: string): void {
    if (this.pending.has(batchId) || this.r.closed) return;
    this.pending.set(
      batchId,
      setTimeout(() => {
        this.pending.delete(batchId);
        if (!this.r.closed) this.safeRefresh(batchId);
      }, 250),
    );
  }

  private refresh(batchId: string, reason?: string): void {
    const batch = this.r.store.batches.get(batchId);
    if (batch === undefined) return;
    const counts = this.r.store.tasks.countsByState(batchId);
    let status = batch.status;
    const open = OPEN_STATES.reduce((n, s) => n + counts[s], 0);
    if (open === 0 && (status === 'active' || status === 'paused')) {
      this.r.store.transaction(() => {
        this.r.store.batches.setStatus(batchId, 'done');
        this.r.store.events.append({ kind: 'batch.done', batchId, data: counts });
      });
      this.runs.delete(batchId);
      status = 'done';
    }
    this.r.emit('batch.updated', { batchId, status, counts, ...(reason ? { reason } : {}) });
    if (!this.r.work.batchBusy(batchId) && isSettled(counts, status)) this.resolve(batchId);
  }

  private resolve(batchId: string): void {
    const set = this.waiters.get(batchId);
    if (!set) return;
    this.waiters.delete(batchId);
    for (const done of set) done();
  }

  /** Resolves when nothing more happens in the batch without the user (or at close). */
  waitSettled(batchId: string): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(batchId) ?? new Set();
      set.add(resolve);
      this.waiters.set(batchId, set);
      const batch = this.r.store.batches.get(batchId);
      if (
        batch === undefined ||
        (!this.r.work.batchBusy(batchId) &&
          isSettled(this.r.store.tasks.countsByState(batchId), batch.status))
      ) {
        this.resolve(batchId);
      }
    });
  }

  close(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    for (const id of [...this.waiters.keys()]) this.resolve(id);
  }
}
