// A batch's spend as the budget sees it: settled costs plus the estimate of every task whose
// cost is not final yet (submitted, uploading, running). The pump claims a task's estimate
// before it submits; the provider's settlement or a refusal replaces or returns it.
import { SPENDING_STATES } from '../../../shared/schemas/task-states';
import type { Store } from '../store/index';
import type { Batch } from '../store/types';
import type { InFlight } from './in-flight';

export class Spend {
  /** Spend so far: settled costs plus the estimate of every task whose cost is not final. */
  committed = 0;
  /** Tasks counted at their estimate until the provider settles them. */
  private readonly provisional = new Map<string, number>();

  /** The spend of a batch as the store (and the work still uploading) says it is now. */
  static of(store: Store, work: InFlight, batch: Batch): Spend {
    const spend = new Spend();
    // Every recorded cost, including what earlier attempts of retried tasks cost (they may be
    // queued or canceled now): it was spent all the same.
    spend.committed = store.tasks.costSummary(batch.id).reduce((sum, c) => sum + c.actual, 0);
    for (const t of store.tasks.listByBatch(batch.id, { states: SPENDING_STATES })) {
      const settled = t.state === 'succeeded' || t.state === 'failed' || t.state === 'downloading';
      // A settled task without a price keeps its estimate; one in flight counts at its
      // estimate (on top of earlier attempts) until the provider settles it.
      if (settled && t.actualCost !== null) continue;
      if (settled) spend.committed += t.estimatedCost ?? 0;
      else spend.claim(t.id, t.estimatedCost ?? 0);
    }
    // Claimed by the pump but still uploading (queued in the store): dropping them would let
    // the budget be passed.
    for (const { taskId } of work.of(batch.id, 'submit')) {
      const t = store.tasks.get(taskId);
      if (t?.state === 'queued' && !spend.provisional.has(taskId)) {
        spend.claim(taskId, t.estimatedCost ?? 0);
      }
    }
    return spend;
  }

  /** Would a task of this estimate take the spend past the budget? */
  exceeds(estimate: number, budget: number): boolean {
    return this.committed + estimate > budget + 1e-9;
  }

  /** Costs still provisional: a refund may make room yet. */
  get pending(): number {
    return this.provisional.size;
  }

  claim(taskId: string, estimate: number): void {
    this.release(taskId);
    this.committed += estimate;
    this.provisional.set(taskId, estimate);
  }

  /** The cost became final (null: the price is unknown, the estimate stays). */
  settle(taskId: string, actual: number | null): void {
    const prev = this.provisional.get(taskId);
    if (prev === undefined) return;
    this.provisional.delete(taskId);
    this.committed += (actual ?? prev) - prev;
  }

  /** Nothing was spent after all (back to the queue, refused before it left). */
  release(taskId: string): void {
    const prev = this.provisional.get(taskId);
    if (prev === undefined) return;
    this.provisional.delete(taskId);
    this.committed -= prev;
  }
}
