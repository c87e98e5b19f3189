// What a batch's counts say in words. "Done" means an output was made: a canceled or failed
// task has ended but is not done, so a canceled batch never reads "144 / 144 done".
import type { BatchSummary } from '../../../../shared/ipc/views';
import { progressOf } from './selectors';
import type { Progress } from './selectors';

const n = (value: number): string => value.toLocaleString('en-US');

/** "46 / 144 done": tasks that succeeded out of all tasks. */
export function doneText(p: Progress): string {
  return `${n(p.succeeded)} / ${n(p.total)} done`;
}

export interface CountChip {
  key: 'failed' | 'canceled' | 'active' | 'queued';
  text: string;
  tone: 'danger' | 'neutral' | 'accent' | 'subtle';
}

/** The other counts beside "done", each only when there is something to say. */
export function countChips(p: Progress): CountChip[] {
  const chips: CountChip[] = [];
  if (p.failed > 0) chips.push({ key: 'failed', text: `${n(p.failed)} failed`, tone: 'danger' });
  if (p.canceled > 0) {
    chips.push({ key: 'canceled', text: `${n(p.canceled)} canceled`, tone: 'neutral' });
  }
  if (p.active > 0) {
    chips.push({ key: 'active', text: `${n(p.active)} in progress`, tone: 'accent' });
  }
  if (p.queued > 0) chips.push({ key: 'queued', text: `${n(p.queued)} queued`, tone: 'subtle' });
  return chips;
}

/** The progress bar's spoken value: "2 succeeded, 1 failed, 2 canceled of 5". */
export function progressValueText(p: Progress): string {
  const parts = [
    `${n(p.succeeded)} succeeded`,
    ...(p.failed > 0 ? [`${n(p.failed)} failed`] : []),
    ...(p.canceled > 0 ? [`${n(p.canceled)} canceled`] : []),
  ];
  return `${parts.join(', ')} of ${n(p.total)}`;
}

/**
 * What Cancel will do, for the question asked before it: tasks not sent yet are never sent;
 * tasks the provider is already working on are paid for, so the engine lets them finish and
 * saves their files; finished outputs stay.
 */
export function cancelConsequences(batch: BatchSummary): string[] {
  const p = progressOf(batch);
  const lines: string[] = [];
  if (p.queued > 0) {
    lines.push(
      `${n(p.queued)} ${p.queued === 1 ? 'task' : 'tasks'} not started yet will not be submitted.`,
    );
  }
  if (p.waiting > 0) {
    lines.push(
      `${n(p.waiting)} ${p.waiting === 1 ? 'task' : 'tasks'} waiting for your decision ${p.waiting === 1 ? 'is' : 'are'} dropped: nothing more is sent.`,
    );
  }
  if (p.active > 0) {
    lines.push(
      `${n(p.active)} ${p.active === 1 ? 'task is' : 'tasks are'} already at the provider and paid for: ${p.active === 1 ? 'it runs' : 'they run'} to the end and the files are still saved.`,
    );
  }
  if (p.succeeded > 0) {
    lines.push(
      `The ${n(p.succeeded)} finished ${p.succeeded === 1 ? 'output stays' : 'outputs stay'} in History.`,
    );
  }
  return lines;
}
