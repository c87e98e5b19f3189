import type { LeaseFence } from '../store-api';
import { StoreError, TASK_STATES } from '../types';
import type { TaskPatch, TaskState } from '../types';
import { FENCE_SQL } from './lease';
import { placeholders } from './rows';

const PATCH_COLUMNS = {
  errorCode: 'error_code',
  errorMessage: 'error_message',
  estimatedCost: 'estimated_cost',
  actualCost: 'actual_cost',
  nextPollAt: 'next_poll_at',
  submittedAt: 'submitted_at',
  remoteCreatedAt: 'remote_created_at',
  finishedAt: 'finished_at',
  remoteId: 'remote_id',
  idempotencyKey: 'idempotency_key',
} as const satisfies Record<Exclude<keyof TaskPatch, 'incrementAttempts'>, string>;

type PatchKey = keyof typeof PATCH_COLUMNS;
const PATCH_KEYS = Object.keys(PATCH_COLUMNS) as PatchKey[];

export function checkState(field: string, state: string): asserts state is TaskState {
  if (!(TASK_STATES as readonly string[]).includes(state)) {
    throw new StoreError(
      'invalid_input',
      `${field} must be one of ${TASK_STATES.join(', ')}; got "${state}".`,
    );
  }
}

export interface GuardedUpdate {
  /** SQL text; identical patches give identical text, so the statement cache hits. */
  sql: string;
  params: unknown[];
}

/**
 * Builds `UPDATE tasks SET state=?, <patched columns> WHERE <key> AND state IN (...)`.
 * The state guard in the WHERE clause is what makes transitions safe against a second
 * runner, a late poll or a crash between read and write: only one writer can win.
 * With a fence (the driving process's lease), the update also applies only while that lease
 * is still held: a holder taken over while it stalled changes nothing.
 */
export function guardedUpdate(
  keyColumn: 'id' | 'batch_id',
  key: string,
  from: readonly TaskState[],
  to: TaskState,
  patch: TaskPatch,
  now: number,
  fence: LeaseFence | null = null,
): GuardedUpdate {
  if (from.length === 0) {
    throw new StoreError('invalid_input', 'from must list at least one task state.');
  }
  from.forEach((s, i) => checkState(`from[${i}]`, s));
  checkState('to', to);
  const sets = ['state = ?', 'updated_at = ?'];
  const params: unknown[] = [to, now];
  for (const k of PATCH_KEYS) {
    const v = patch[k];
    if (v === undefined) continue;
    sets.push(`${PATCH_COLUMNS[k]} = ?`);
    params.push(v);
  }
  if (patch.incrementAttempts) sets.push('attempts = attempts + 1');
  const fenced = fence ? ` AND ${FENCE_SQL}` : '';
  const sql = `UPDATE tasks SET ${sets.join(', ')} WHERE ${keyColumn} = ? AND state IN (${placeholders(from.length)})${fenced}`;
  const fenceParams = fence ? [fence.owner, fence.generation] : [];
  return { sql, params: [...params, key, ...from, ...fenceParams] };
}
