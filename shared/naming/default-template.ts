/**
 * Which template names a batch's files when the user chose none. The engine names the files
 * with it and the batch builder shows its live example with it: one function, so the example
 * cannot say one name while the files get another.
 */
import { DEFAULT_TEMPLATE } from './template';

/** Text-to-image batches: numbered by task (a task id would make unreadable names). */
export const TEXT_ONLY_TEMPLATE = '{batch}/{seq:4}-{index}.{ext}';
/** One input yields several tasks: {seq} keeps names apart whatever finishes first. */
export const PER_INPUT_SEQ_TEMPLATE = '{batch}/{input}-{seq}-{index}.{ext}';

/** What the default template depends on: the inputs each task carries, in task order. */
export type BatchShape = 'text-only' | 'one-task-per-input' | 'several-tasks-per-input';

/**
 * The shape of a batch from each task's inputs, as one key per task (the input paths joined;
 * '' for a task without inputs). The first task without inputs or the first repeated key
 * decides, in task order.
 */
export function shapeOfTasks(inputKeys: Iterable<string>): BatchShape {
  const seen = new Set<string>();
  for (const key of inputKeys) {
    if (key === '') return 'text-only';
    if (seen.has(key)) return 'several-tasks-per-input';
    seen.add(key);
  }
  return 'one-task-per-input';
}

/** The template that runs: the user's when they gave one, else the default for the shape. */
export function templateFor(userTemplate: string | undefined, shape: BatchShape): string {
  if (userTemplate !== undefined) return userTemplate;
  switch (shape) {
    case 'text-only':
      return TEXT_ONLY_TEMPLATE;
    case 'several-tasks-per-input':
      return PER_INPUT_SEQ_TEMPLATE;
    case 'one-task-per-input':
      return DEFAULT_TEMPLATE;
  }
}

/**
 * The name a batch gets when the user leaves it empty: the model and the local time it was
 * created ("wan-2.7-image-20260314-092615"). Named files use it through {batch}.
 */
export function defaultBatchName(model: string, now: Date | number): string {
  const d = new Date(now);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  return `${model}-${stamp}`;
}
