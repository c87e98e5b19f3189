// The task state machine: the ONE table of legal state changes and the ONE definition of the
// state groups. The store's gate (tasks.transition) refuses any change not listed here, and the
// engine, the CLI and the renderer count and label tasks with these groups.
import { TASK_STATES } from '../ipc/views';

export type TaskState = (typeof TASK_STATES)[number];

/**
 * queued -> submitting (persisted before the request leaves) -> submitted (remote id written
 * the moment the submit answers) -> running -> downloading -> succeeded | failed.
 * unknown: the submit (or the remote task) may exist at the provider but Genloom cannot tell;
 * the user decides, and a late answer may still attach.
 */
export const TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  // failed: refused before anything was sent (invalid input, an image that will not upload);
  // canceled: the user canceled, or the budget stopped the batch.
  queued: ['submitting', 'failed', 'canceled'],
  // Back to queued only when the provider provably did not take the request (or, for PoYo,
  // whose Idempotency-Key makes a repeat harmless, on resume); canceled likewise, when the
  // batch was canceled meanwhile.
  submitting: [
    'submitted',
    'running',
    'downloading',
    'succeeded',
    'failed',
    'queued',
    'canceled',
    'unknown',
  ],
  // unknown: the provider stopped answering about the task (404 past its deadline, polls that
  // failed past theirs): it may still run and bill, so it is never failed at cost 0.
  submitted: ['running', 'downloading', 'failed', 'canceled', 'unknown'],
  running: ['downloading', 'failed', 'canceled', 'unknown'],
  // A download may be restarted after a crash; it ends one way or the other.
  downloading: ['succeeded', 'failed'],
  succeeded: [],
  // A retry: a new attempt with a new idempotency key (queued), or, for a task Genloom only
  // stopped waiting for, watching the same remote task again (running).
  failed: ['queued', 'running', 'downloading'],
  canceled: [],
  // The user decides: resubmit (queued), reconcile a remote task (submitted), or drop
  // (canceled). A late answer may still attach.
  unknown: ['queued', 'canceled', 'submitted', 'running', 'downloading', 'succeeded', 'failed'],
};

/** Nothing more happens to the task. */
export const FINAL_STATES: readonly TaskState[] = ['succeeded', 'failed', 'canceled'];
/** The runner drives the task (not waiting for the user, not final). */
export const IN_FLIGHT_STATES: readonly TaskState[] = [
  'submitting',
  'submitted',
  'running',
  'downloading',
];
/** A provider is working on the task: it holds a concurrency slot while tracked. */
export const REMOTE_STATES: readonly TaskState[] = ['submitted', 'running'];
/** May hold a remote job or a pending submit: picked up on every start. */
export const ACTIVE_STATES: readonly TaskState[] = [...IN_FLIGHT_STATES, 'unknown'];
/** Went past the queue, so its cost is final or provisional (the budget counts it). */
export const SPENDING_STATES: readonly TaskState[] = [...ACTIVE_STATES, 'succeeded', 'failed'];
/** Not final: still open in a batch (queued, in flight, or waiting for the user). */
export const OPEN_STATES: readonly TaskState[] = ['queued', ...ACTIVE_STATES];

export function canTransition(from: TaskState, to: TaskState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Every state from which `to` may be reached. */
export function sourcesOf(to: TaskState): TaskState[] {
  return TASK_STATES.filter((from) => canTransition(from, to));
}

export function isFinal(state: TaskState): boolean {
  return FINAL_STATES.includes(state);
}
