// The task state machine: the one place that says which state changes are legal. The store's
// guarded UPDATE (tasks.transition) applies a change only from the states listed here, so two
// actors racing on one task cannot both win, and a crash leaves every task in a named state.
import { TASK_STATES } from '../store/types';
import type { TaskState } from '../store/types';

/**
 * queued -> submitting (persisted before the request leaves) -> submitted (remote id written
 * the moment the submit answers) -> running -> downloading -> succeeded | failed.
 * unknown: the submit may have reached the provider but no answer came back.
 */
export const TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  queued: ['submitting', 'canceled'],
  // Back to queued only when the provider provably did not take the request (or, for PoYo,
  // whose Idempotency-Key makes a repeat harmless, on resume).
  submitting: ['submitted', 'running', 'downloading', 'succeeded', 'failed', 'queued', 'unknown'],
  submitted: ['running', 'downloading', 'failed', 'canceled'],
  running: ['downloading', 'failed', 'canceled'],
  // A download may be restarted after a crash; it ends one way or the other.
  downloading: ['succeeded', 'failed'],
  succeeded: [],
  // retryFailed: a new attempt with a new idempotency key; or, for a task Genloom only stopped
  // waiting for (timeout), watching the same remote task again: it may still finish and bill.
  failed: ['queued', 'running'],
  canceled: [],
  // The user decides: resubmit (queued) or drop (canceled). A late answer may still attach.
  unknown: ['queued', 'canceled', 'submitted', 'running', 'downloading', 'succeeded', 'failed'],
};

export const FINAL_STATES: readonly TaskState[] = ['succeeded', 'failed', 'canceled'];
/** States in which a provider is working on the task (it holds a concurrency slot). */
export const REMOTE_STATES: readonly TaskState[] = ['submitted', 'running'];
/** States the runner is actively driving (not waiting for the user, not final). */
export const IN_FLIGHT_STATES: readonly TaskState[] = [
  'submitting',
  'submitted',
  'running',
  'downloading',
];

export function canTransition(from: TaskState, to: TaskState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Every state from which `to` may be reached, for the store's guarded UPDATE. */
export function sourcesOf(to: TaskState): TaskState[] {
  return TASK_STATES.filter((from) => canTransition(from, to));
}

/** The subset of `from` that may legally move to `to`; throws on a programming error. */
export function legalSources(from: readonly TaskState[], to: TaskState): TaskState[] {
  const bad = from.filter((s) => !canTransition(s, to));
  if (bad.length > 0) {
    throw new Error(`illegal task transition ${bad.join('|')} -> ${to}`);
  }
  return [...from];
}

export function isFinal(state: TaskState): boolean {
  return FINAL_STATES.includes(state);
}
