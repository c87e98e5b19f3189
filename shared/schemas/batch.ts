// The batch a user asks for, before expansion into tasks. The CLI, the desktop form and the
// browser bridge all build one of these; the engine expands it (electron/engine/runner/expand.ts).
import { z } from 'zod';
import { PROVIDER_IDS } from '../catalog/types';

/** At most this many tasks in one batch: far above any real run, low enough to stay in memory. */
export const MAX_BATCH_TASKS = 200_000;

export const COLLISION_VALUES = ['suffix', 'overwrite', 'skip'] as const;

const path = (what: string) =>
  z
    .string({ error: `must be the path of ${what}` })
    .min(1, { error: `must be the path of ${what}` });

/**
 * Where prompts come from. `text` may hold {a|b} alternatives and {file}/{folder} variables;
 * so may every line of a list, every CSV cell and every sidecar.
 */
export const PromptSourceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({ kind: z.literal('text'), text: z.string() }),
    /** An inline list (the desktop form): one prompt per entry. */
    z.strictObject({
      kind: z.literal('lines'),
      lines: z.array(z.string()).min(1, { error: 'must hold at least one prompt' }),
    }),
    /** A .txt file: one prompt per line; blank lines and lines starting with # are skipped. */
    z.strictObject({ kind: z.literal('list'), file: path('a .txt file') }),
    /** A CSV joined on file name: a `file` column, a `prompt` column, other columns = params. */
    z.strictObject({ kind: z.literal('csv'), file: path('a .csv file') }),
    /** name.txt beside each image; `fallback` for images without one. */
    z.strictObject({ kind: z.literal('sidecar'), fallback: z.string().optional() }),
  ],
  { error: 'must be one of: none, text, lines, list, csv, sidecar' },
);
export type PromptSource = z.infer<typeof PromptSourceSchema>;

export const InputSourceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('none') }),
    /** Every image under `dir` (recursively unless told otherwise), in sorted order. */
    z.strictObject({
      kind: z.literal('folder'),
      dir: path('a folder'),
      recursive: z.boolean().default(true),
    }),
    /**
     * A list of files. Each file is one task, unless `together` is set: then all of them are
     * the images of every task (multi-image edits).
     */
    z.strictObject({
      kind: z.literal('files'),
      files: z.array(path('an image')).min(1, { error: 'must hold at least one file' }),
      together: z.boolean().default(false),
    }),
  ],
  { error: 'must be one of: none, folder, files' },
);
export type InputSource = z.infer<typeof InputSourceSchema>;

const seedValue = z
  .number({ error: 'must be a whole number' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be 0 or more' });

export const VariationsSchema = z.strictObject({
  /** One task per seed (written to the model's `seed` field). */
  seeds: z.array(seedValue).min(1, { error: 'must hold at least one seed' }).optional(),
  /** Each combination is repeated this many times (fresh random seeds on the provider). */
  repeat: z
    .number({ error: 'must be a whole number from 1 to 1000' })
    .int({ error: 'must be a whole number from 1 to 1000' })
    .min(1, { error: 'must be a whole number from 1 to 1000' })
    .max(1000, { error: 'must be a whole number from 1 to 1000' })
    .default(1),
  /** A grid of parameter values: every combination becomes its own task. */
  params: z
    .record(z.string(), z.array(z.unknown()).min(1, { error: 'must hold at least one value' }))
    .optional(),
});
export type Variations = z.infer<typeof VariationsSchema>;

export const OutputSpecSchema = z.strictObject({
  /** Absolute folder; defaults to <home>/outputs. */
  dir: z.string().min(1, { error: 'must be a folder path' }).optional(),
  /** Naming template ({batch}, {input}, {index}, {seed}, {model}, {date}, {provider}, {task}, {ext}). */
  template: z.string().min(1, { error: 'must not be empty' }).optional(),
  collision: z
    .enum(COLLISION_VALUES, { error: `must be one of ${COLLISION_VALUES.join(', ')}` })
    .default('suffix'),
});

export const BatchSpecSchema = z.strictObject({
  name: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(', ')}` }),
  model: z.string().min(1, { error: 'must name a model' }),
  /** Catalog input shared by every task, in the provider's field names. */
  params: z.record(z.string(), z.unknown()).default({}),
  prompts: PromptSourceSchema.default({ kind: 'none' }),
  inputs: InputSourceSchema.default({ kind: 'none' }),
  variations: VariationsSchema.default({ repeat: 1 }),
  output: OutputSpecSchema.default({ collision: 'suffix' }),
  /** Stop submitting when the estimated spend would pass this (the model's currency). */
  budget: z
    .number({ error: 'must be a number above 0' })
    .positive({ error: 'must be a number above 0' })
    .nullable()
    .optional(),
  /** In-flight tasks for this provider (shared by all its batches). */
  concurrency: z
    .number({ error: 'must be a whole number from 1 to 64' })
    .int({ error: 'must be a whole number from 1 to 64' })
    .min(1, { error: 'must be a whole number from 1 to 64' })
    .max(64, { error: 'must be a whole number from 1 to 64' })
    .optional(),
  /** A fixed poll interval instead of adaptive polling (tests, debugging). */
  pollMs: z
    .number({ error: 'must be a whole number of milliseconds from 10 to 600000' })
    .int({ error: 'must be a whole number of milliseconds from 10 to 600000' })
    .min(10, { error: 'must be a whole number of milliseconds from 10 to 600000' })
    .max(600_000, { error: 'must be a whole number of milliseconds from 10 to 600000' })
    .optional(),
});
/** The spec as given (defaults optional). */
export type BatchSpecInput = z.input<typeof BatchSpecSchema>;
/** The spec after parsing (defaults filled in). */
export type BatchSpec = z.output<typeof BatchSpecSchema>;

export interface SpecIssue {
  field: string;
  message: string;
}

/** Parses a spec into issues that name the field (dotted path) and the rule. */
export function parseBatchSpec(
  input: unknown,
): { ok: true; value: BatchSpec } | { ok: false; issues: SpecIssue[] } {
  const result = BatchSpecSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}
