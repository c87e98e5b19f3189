/**
 * Every output path of a batch, rendered when the batch is planned, by the same function the
 * delivery names files with (renderTemplate, which shortens names too long for a filesystem),
 * and checked against the platform's path length. A batch whose files could not be written
 * is refused before anything is submitted, never after the provider was paid.
 */
import type { SpecIssue } from '../../../shared/schemas/batch';
import { renderTemplate } from './naming';
import { checkOutputPath } from './output-dir';

export interface PlannedOutputs {
  /** The absolute output folder (already checked by checkOutputDir). */
  root: string;
  template: string;
  batch: string;
  provider: string;
  model: string;
  /** When the batch is created (only the day shows in {date}). */
  date: number;
  tasks: readonly { seq: number; seed: number | null; input: string | null; outputs: number }[];
  platform?: NodeJS.Platform;
  longPaths?: boolean;
}

/** Task ids are UUIDs: a placeholder of the same length renders a path of the same length. */
const TASK_ID_SHAPE = '00000000-0000-0000-0000-000000000000';
/** Enough to show what is wrong without flooding the form. */
const MAX_ISSUES = 3;

export function checkPlannedOutputs(p: PlannedOutputs): SpecIssue[] {
  const problems: string[] = [];
  let more = 0;
  // Only lengths matter here, and numbers of as many digits render paths of the same length
  // (names are cut by length, the hash is of fixed length): one render per distinct shape.
  const seen = new Set<string>();
  for (const t of p.tasks) {
    const digits = (n: number | null): number => (n === null ? 0 : String(n).length);
    const shape = `${digits(t.seq)}:${digits(t.seed)}:${digits(t.outputs)}:${t.input ?? ''}`;
    if (seen.has(shape)) continue;
    seen.add(shape);
    // The outputs of a task differ only in {index}: the largest has the longest path.
    const rel = renderTemplate(p.template, {
      batch: p.batch,
      input: t.input,
      index: Math.max(1, t.outputs),
      seq: t.seq,
      seed: t.seed,
      model: p.model,
      date: p.date,
      provider: p.provider,
      task: TASK_ID_SHAPE,
      // The real extension comes with the result; checkOutputPath allows for the longest.
      ext: 'png',
    });
    const problem = checkOutputPath(p.root, rel, p.platform, { longPaths: p.longPaths });
    if (problem === null) continue;
    if (problems.length < MAX_ISSUES) problems.push(problem);
    else more++;
  }
  const issues = problems.map((message) => ({ field: 'output.template', message }));
  if (more > 0) {
    issues.push({
      field: 'output.template',
      message: `...and ${more} more output paths like these.`,
    });
  }
  return issues;
}
