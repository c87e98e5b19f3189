// Plain functions over the queue cache: ordering, progress, ETA, plain-word errors.
import type { BatchSummary, StateCounts, TaskView } from '../../../../shared/ipc/views';
import { formatDuration } from '../../lib/format';

export type TaskStateName = keyof StateCounts & string;

export interface Progress {
  total: number;
  succeeded: number;
  failed: number;
  canceled: number;
  /** Submitted, running or downloading: at the provider now. */
  active: number;
  queued: number;
  /** Submit outcome unknown: waiting for the user. */
  waiting: number;
  /** Reached an end state. */
  finished: number;
  /** 0..1 of tasks finished. */
  fraction: number;
}

const count = (counts: StateCounts, state: TaskStateName): number => counts[state] ?? 0;

export function progressOf(batch: Pick<BatchSummary, 'counts' | 'total'>): Progress {
  const c = batch.counts;
  const succeeded = count(c, 'succeeded');
  const failed = count(c, 'failed');
  const canceled = count(c, 'canceled');
  const active =
    count(c, 'submitting') + count(c, 'submitted') + count(c, 'running') + count(c, 'downloading');
  const finished = succeeded + failed + canceled;
  const total = Math.max(batch.total, finished + active + count(c, 'queued') + count(c, 'unknown'));
  return {
    total,
    succeeded,
    failed,
    canceled,
    active,
    queued: count(c, 'queued'),
    waiting: count(c, 'unknown'),
    finished,
    fraction: total === 0 ? 0 : finished / total,
  };
}

export type BatchPhase =
  'running' | 'paused' | 'waiting' | 'done' | 'failed' | 'canceled' | 'partial';

/** What the batch is doing, in one word the UI can colour. */
export function phaseOf(batch: BatchSummary): BatchPhase {
  const p = progressOf(batch);
  if (batch.status === 'canceled') return 'canceled';
  if (p.waiting > 0 && p.active === 0 && p.queued === 0) return 'waiting';
  if (batch.status === 'paused') return 'paused';
  if (batch.status === 'done' || p.finished === p.total) {
    if (p.failed === 0 && p.canceled === 0) return 'done';
    return p.succeeded === 0 ? 'failed' : 'partial';
  }
  return 'running';
}

export const PHASE_LABELS: Record<BatchPhase, string> = {
  running: 'Running',
  paused: 'Paused',
  waiting: 'Needs you',
  done: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
  partial: 'Finished with failures',
};

/** Active batches first (newest first), then the rest newest first. */
export function orderBatches(batches: readonly BatchSummary[]): BatchSummary[] {
  const rank = (batch: BatchSummary) => {
    const phase = phaseOf(batch);
    return phase === 'running' || phase === 'waiting' || phase === 'paused' ? 0 : 1;
  };
  return [...batches].sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt);
}

/**
 * "~3 min left" from main's ETA; "estimating…" while it has none (no task has finished yet, so
 * no latency is known); "finishing…" once only downloads remain or the ETA has come. Null when
 * the batch is not running (paused, waiting for the user, over).
 */
export function etaText(batch: BatchSummary, now: number): string | null {
  if (phaseOf(batch) !== 'running') return null;
  const p = progressOf(batch);
  const onlyDownloads = p.queued === 0 && p.active === count(batch.counts, 'downloading');
  if (batch.eta === null) return onlyDownloads ? 'finishing…' : 'estimating…';
  const left = batch.eta - now;
  if (left <= 5_000) return 'finishing…';
  return `~${formatDuration(left)} left`;
}

export interface Explained {
  title: string;
  detail: string;
  /** What the user can do about it, when there is something. */
  action?: string;
}

const ERROR_TITLES: Record<string, { title: string; action?: string }> = {
  bad_key: {
    title: 'The API key was refused',
    action: 'Check the key in Settings, then retry failed tasks.',
  },
  no_balance: {
    title: 'The provider account is out of credit',
    action: 'Top up with the provider, then retry failed tasks.',
  },
  content_rejected: {
    title: 'The provider’s safety check refused this request',
    action: 'Change the prompt or image; retrying as it is will fail again.',
  },
  forbidden: {
    title: 'The provider refused access',
    action: 'Check that the key may use this model.',
  },
  not_found: { title: 'The provider does not know this model or task' },
  bad_request: { title: 'The provider refused the parameters' },
  rate_limited: {
    title: 'The provider is busy (too many requests)',
    action: 'Genloom waits and tries again by itself.',
  },
  server_error: {
    title: 'The provider had an internal error',
    action: 'Retry failed tasks later.',
  },
  timeout: { title: 'The provider did not answer in time', action: 'Retry failed tasks.' },
  network: {
    title: 'Could not reach the provider',
    action: 'Check the network and the base URL in Settings.',
  },
  bad_reply: { title: 'The provider sent an answer Genloom could not read' },
  expired: { title: 'The result link expired before it was downloaded' },
  url_expired: { title: 'The result link expired before it was downloaded' },
  submit_outcome_unknown: { title: 'Genloom does not know if the provider got this task' },
  budget: { title: 'Stopped by the budget cap' },
  budget_exceeded: { title: 'Stopped by the budget cap' },
  canceled: { title: 'Canceled' },
};

/** A provider error in plain words: a short title, the message main recorded, what to do. */
export function explainError(code: string | null, message: string | null): Explained | null {
  if (code === null && message === null) return null;
  const known = code === null ? undefined : ERROR_TITLES[code];
  const detail = message ?? '';
  if (known === undefined)
    return { title: detail || `Failed (${code ?? 'unknown error'})`, detail: '' };
  return known.action === undefined
    ? { title: known.title, detail }
    : { title: known.title, detail, action: known.action };
}

export const STATE_LABELS: Record<TaskStateName, string> = {
  queued: 'Queued',
  submitting: 'Submitting',
  submitted: 'Submitted',
  running: 'Running',
  downloading: 'Downloading',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
  unknown: 'Needs you',
};

export type Tone = 'neutral' | 'accent' | 'ok' | 'warn' | 'danger' | 'info';

export function stateTone(state: TaskStateName): Tone {
  switch (state) {
    case 'succeeded':
      return 'ok';
    case 'failed':
      return 'danger';
    case 'unknown':
      return 'warn';
    case 'canceled':
    case 'queued':
      return 'neutral';
    default:
      return 'accent';
  }
}

/** Applies pushed task updates to a loaded page of tasks (unknown ids are ignored). */
const ENDED: ReadonlySet<TaskStateName> = new Set(['succeeded', 'failed', 'canceled']);

export function mergeTaskUpdates(
  tasks: readonly TaskView[],
  updates: readonly (Pick<
    TaskView,
    'id' | 'state' | 'errorCode' | 'errorMessage' | 'actualCost'
  > & {
    /** When main saw the change (its clock): the task's updatedAt, and finishedAt at an end. */
    at?: number;
  })[],
): TaskView[] {
  if (updates.length === 0) return tasks as TaskView[];
  const byId = new Map(updates.map((update) => [update.id, update]));
  let changed = false;
  const next = tasks.map((task) => {
    const update = byId.get(task.id);
    if (update === undefined) return task;
    changed = true;
    return {
      ...task,
      state: update.state,
      errorCode: update.errorCode,
      errorMessage: update.errorMessage,
      actualCost: update.actualCost ?? task.actualCost,
      updatedAt: update.at ?? task.updatedAt,
      finishedAt: ENDED.has(update.state) ? (task.finishedAt ?? update.at ?? null) : null,
    };
  });
  return changed ? next : (tasks as TaskView[]);
}

/** Newer summaries replace older ones (by updatedAt), so a late event never rolls back. */
export function upsertBatches(
  current: Record<string, BatchSummary>,
  incoming: readonly BatchSummary[],
): Record<string, BatchSummary> {
  let next = current;
  for (const batch of incoming) {
    const known = next[batch.id];
    if (known !== undefined && known.updatedAt > batch.updatedAt) continue;
    if (next === current) next = { ...current };
    next[batch.id] = batch;
  }
  return next;
}
