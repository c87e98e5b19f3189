// The summary `run` and `resume` end with, whatever happened before (a finished batch, Ctrl+C, a
// database error, a refusal): what was spent against the estimate, how many tasks ended how,
// what is left and why the failures failed. Read from the store, so every path reads the same.
import { formatAmount, formatCost } from '../../shared/catalog/cost';
import type { Currency } from '../../shared/catalog/types';
import type { Store } from '../engine/store/index';
import type { Batch, StateCounts } from '../engine/store/types';

/** Failures listed by name; the rest are counted ("and N more"). */
export const FAILURES_SHOWN = 10;

export interface EndSummary {
  batch: Batch;
  counts: StateCounts;
  tasks: number;
  spend: { actual: number; estimated: number | null; currency: Currency };
  failures: { seq: number; code: string | null; message: string | null }[];
}

export function readSummary(store: Store, batchId: string): EndSummary | undefined {
  const batch = store.batches.get(batchId);
  if (batch === undefined) return undefined;
  const counts = store.tasks.countsByState(batchId);
  const tasks = Object.values(counts).reduce((a, b) => a + b, 0);
  const actual = store.tasks.costSummary(batchId).reduce((sum, c) => sum + c.actual, 0);
  const failures = store.tasks
    .listByBatch(batchId, { states: ['failed'], limit: FAILURES_SHOWN })
    .map((t) => ({ seq: t.seq, code: t.errorCode, message: t.errorMessage }));
  return {
    batch,
    counts,
    tasks,
    spend: { actual, estimated: batch.estimatedCost, currency: batch.currency },
    failures,
  };
}

/** Tasks that wait for the user: an unknown submit outcome, or queued in a paused batch. */
export function waitingForYou(s: { counts: StateCounts; batch: Pick<Batch, 'status'> }): number {
  return s.counts.unknown + (s.batch.status === 'paused' ? s.counts.queued : 0);
}

/** Tasks not ended that go on by themselves on `genloom resume`, by state, in words. */
function notFinished(s: EndSummary): { total: number; words: string } {
  const c = s.counts;
  const queued = s.batch.status === 'paused' ? 0 : c.queued;
  const parts: [number, string][] = [
    [queued, 'queued'],
    [c.submitting, 'being submitted'],
    [c.submitted + c.running, 'running at the provider'],
    [c.downloading, 'downloading'],
  ];
  const shown = parts.filter(([n]) => n > 0);
  return {
    total: shown.reduce((a, [n]) => a + n, 0),
    words: shown.map(([n, what]) => `${n} ${what}`).join(', '),
  };
}

function oneLine(text: string | null, max = 160): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function spendLine(spend: EndSummary['spend']): string {
  const estimate = formatCost({ amount: spend.estimated, currency: spend.currency, basis: '' });
  return `spent ${formatAmount(spend.actual, spend.currency)} (estimated ${estimate})`;
}

export function summaryLines(s: EndSummary): string[] {
  const c = s.counts;
  const waiting = waitingForYou(s);
  const lines = [
    `summary: batch ${s.batch.id} "${s.batch.name}", ${s.tasks} task(s), ${s.batch.status}`,
    `  ${c.succeeded} succeeded · ${c.failed} failed · ${c.canceled} canceled · ${waiting} waiting for you`,
  ];
  const left = notFinished(s);
  if (left.total > 0) {
    lines.push(`  ${left.total} not finished (${left.words}): \`genloom resume\` continues`);
  }
  lines.push(`  ${spendLine(s.spend)}`);
  if (c.succeeded > 0) lines.push(`  outputs in ${s.batch.outDir}`);
  for (const f of s.failures) {
    lines.push(`  failed: #${f.seq} ${f.code ?? 'error'}: ${oneLine(f.message)}`);
  }
  if (c.failed > s.failures.length) {
    lines.push(`  ... and ${c.failed - s.failures.length} more failed`);
  }
  return lines;
}

/** The summary when nothing reached a provider (a refusal, a busy database). */
export function nothingSubmittedLines(why: string): string[] {
  return [`summary: nothing was submitted and nothing spent (${why})`];
}
