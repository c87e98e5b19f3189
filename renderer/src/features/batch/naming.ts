// The live naming example under the Output section: the template that will run (the engine's
// own choice, shared/naming/default-template) rendered for the batch's first task, so the
// example shows the name the first file gets. Pure, testable without React.
import {
  defaultBatchName,
  shapeOfTasks,
  templateFor,
} from '../../../../shared/naming/default-template';
import type { BatchShape } from '../../../../shared/naming/default-template';
import type { NamingVars } from '../../../../shared/naming/template';
import { selectEntry } from './selectors';
import { namingExample, parseRepeat, parseSeeds } from './spec';
import type { Parsed } from './spec';
import type { BatchDraft } from './types';

/** What the dry run says of the batch: its task count and the inputs of its first tasks. */
export interface DryRunShape {
  tasks: number;
  sample: readonly { inputs: readonly string[] }[];
}

/** Tasks the draft makes per input when no dry run has answered yet (a lower bound). */
function tasksPerInputGuess(draft: BatchDraft): number {
  const seeds = parseSeeds(draft.variations.seeds);
  const repeat = parseRepeat(draft.variations.repeat);
  const lines = draft.prompt.lines.split('\n').filter((line) => line.trim() !== '').length;
  const alternatives = /\{[^{}]*\|[^{}]*\}/.test(draft.prompt.text);
  let count = (seeds.ok ? (seeds.value?.length ?? 1) : 1) * (repeat.ok ? repeat.value : 1);
  if (draft.prompt.mode === 'lines') count *= Math.max(1, lines);
  if (draft.prompt.mode === 'text' && alternatives) count *= 2;
  if (draft.variations.params.some((row) => row.values.includes(','))) count *= 2;
  return count;
}

/**
 * The batch's shape as the engine will see it. Without inputs every task is text-only. With
 * inputs, one input yields several tasks when the dry run counts more tasks than input groups
 * (or its sample repeats an input); before a dry run the draft's variations decide.
 */
export function draftShape(draft: BatchDraft, dry: DryRunShape | null): BatchShape {
  const files = draft.inputs.files;
  if (files.length === 0) return 'text-only';
  const groups = draft.inputs.together ? 1 : files.length;
  if (dry === null) {
    return tasksPerInputGuess(draft) > 1 ? 'several-tasks-per-input' : 'one-task-per-input';
  }
  if (dry.tasks > groups) return 'several-tasks-per-input';
  return shapeOfTasks(dry.sample.map((task) => task.inputs.join('\n')));
}

/**
 * The template the engine runs: the one typed in the form, else the settings' default
 * (main applies it where the spec names none), else the engine's default for the shape.
 */
export function effectiveTemplate(
  draft: BatchDraft,
  settingsTemplate: string | null | undefined,
  shape: BatchShape,
): string {
  const typed = draft.output.template.trim();
  const user = typed !== '' ? typed : (settingsTemplate ?? undefined);
  return templateFor(user, shape);
}

/**
 * The first task as the engine names it: first input, seq 1, first seed, output 1. The input's
 * path is the dry run's (relative to the folder the engine mirrors), else the scan's.
 */
export function firstTaskVars(draft: BatchDraft, dry: DryRunShape | null, now: Date): NamingVars {
  const input = dry?.sample[0]?.inputs[0] ?? draft.inputs.files[0]?.relPath ?? null;
  const seeds = parseSeeds(draft.variations.seeds);
  const seed = seeds.ok ? seeds.value?.[0] : undefined;
  const entry = selectEntry(draft);
  const name = draft.name.trim();
  return {
    batch: name === '' ? defaultBatchName(draft.model, now) : name,
    input: draft.inputs.files.length === 0 ? null : input,
    index: 1,
    seq: 1,
    seed: seed ?? null,
    model: draft.model,
    date: now,
    provider: draft.provider,
    // Only a user template can name files by task id, which exists once the batch does.
    task: 'task-id',
    ext: entry?.kind === 'video' ? 'mp4' : 'png',
  };
}

export interface NamingPreview {
  template: string;
  example: Parsed<string>;
}

export function namingPreview(
  draft: BatchDraft,
  settingsTemplate: string | null | undefined,
  dry: DryRunShape | null,
  now: Date,
): NamingPreview {
  const template = effectiveTemplate(draft, settingsTemplate, draftShape(draft, dry));
  return { template, example: namingExample(template, firstTaskVars(draft, dry, now)) };
}
