// What the renderer sees of batches, tasks, outputs and history: plain, serialisable views.
// Strict objects, so a field nobody meant to send (a path it did not choose, a key) fails the
// output check in dev and tests instead of crossing quietly.
import { z } from 'zod';
import { PROVIDER_IDS } from '../catalog/types';

export const TASK_STATES = [
  'queued',
  'submitting',
  'submitted',
  'running',
  'downloading',
  'succeeded',
  'failed',
  'canceled',
  'unknown',
] as const;
export const BATCH_STATUSES = ['active', 'paused', 'canceled', 'done'] as const;

export const ProviderIdSchema = z.enum(PROVIDER_IDS, {
  error: `must be one of ${PROVIDER_IDS.join(', ')}`,
});
export const TaskStateSchema = z.enum(TASK_STATES, {
  error: `must be one of ${TASK_STATES.join(', ')}`,
});
export const BatchStatusSchema = z.enum(BATCH_STATUSES);
export const CurrencySchema = z.enum(['USD', 'credits']);
export const OutputTypeSchema = z.enum(['image', 'video', 'unknown']);
/** skipped: the collision policy kept a file already there; superseded: a retry replaced it. */
export const OUTPUT_STATES = ['pending', 'done', 'failed', 'skipped', 'superseded'] as const;
export const OutputStateSchema = z.enum(OUTPUT_STATES);

const money = z.number().nullable();
const time = z.number();

export const StateCountsSchema = z.record(TaskStateSchema, z.number().int().min(0));
export type StateCounts = z.infer<typeof StateCountsSchema>;

export const BatchViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  provider: ProviderIdSchema,
  model: z.string(),
  status: BatchStatusSchema,
  outDir: z.string(),
  template: z.string(),
  collision: z.enum(['suffix', 'overwrite', 'skip']),
  budget: money,
  currency: CurrencySchema,
  estimatedCost: money,
  createdAt: time,
  updatedAt: time,
});
export type BatchView = z.infer<typeof BatchViewSchema>;

/** A batch with its progress: counts by state, spend so far, and an ETA when one is known. */
export const BatchSummarySchema = BatchViewSchema.extend({
  counts: StateCountsSchema,
  total: z.number().int().min(0),
  actualCost: z.number(),
  /** Unix ms when the batch is expected to finish; null when unknown. */
  eta: z.number().nullable(),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

/** A summary plus the spec as the user gave it. */
export const BatchDetailSchema = BatchSummarySchema.extend({ spec: z.unknown() });
export type BatchDetail = z.infer<typeof BatchDetailSchema>;

export const TaskViewSchema = z.strictObject({
  id: z.string(),
  batchId: z.string(),
  seq: z.number().int(),
  state: TaskStateSchema,
  provider: ProviderIdSchema,
  model: z.string(),
  prompt: z.string(),
  params: z.record(z.string(), z.unknown()),
  seed: z.number().nullable(),
  remoteId: z.string().nullable(),
  attempts: z.number().int(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  estimatedCost: money,
  actualCost: money,
  outputsExpected: z.number().int(),
  submittedAt: time.nullable(),
  finishedAt: time.nullable(),
  createdAt: time,
  updatedAt: time,
});
export type TaskView = z.infer<typeof TaskViewSchema>;

export const HistoryItemSchema = z.strictObject({
  outputId: z.number().int(),
  outputIdx: z.number().int(),
  outputState: OutputStateSchema,
  path: z.string().nullable(),
  type: OutputTypeSchema,
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  sidecarPath: z.string().nullable(),
  taskId: z.string(),
  taskState: TaskStateSchema,
  remoteId: z.string().nullable(),
  prompt: z.string(),
  provider: ProviderIdSchema,
  model: z.string(),
  batchId: z.string(),
  batchName: z.string(),
  params: z.record(z.string(), z.unknown()),
  seed: z.number().nullable(),
  estimatedCost: money,
  actualCost: money,
  currency: CurrencySchema,
  createdAt: time,
});
export type HistoryItem = z.infer<typeof HistoryItemSchema>;

export const OutputViewSchema = z.strictObject({
  id: z.number().int(),
  taskId: z.string(),
  idx: z.number().int(),
  path: z.string().nullable(),
  type: OutputTypeSchema,
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  sidecarPath: z.string().nullable(),
  state: OutputStateSchema,
  error: z.string().nullable(),
  createdAt: time,
});
export type OutputView = z.infer<typeof OutputViewSchema>;

export const OutputDetailSchema = z.strictObject({
  output: OutputViewSchema,
  task: TaskViewSchema,
  batch: BatchViewSchema,
  inputs: z.array(
    z.strictObject({
      path: z.string(),
      relPath: z.string(),
      bytes: z.number(),
      sha256: z.string(),
    }),
  ),
  /** The sidecar JSON beside the file, when it could be read. */
  sidecar: z.unknown().nullable(),
  lineage: z.strictObject({
    producedBy: z.array(HistoryItemSchema),
    usedBy: z.array(HistoryItemSchema),
  }),
});
export type OutputDetail = z.infer<typeof OutputDetailSchema>;

/** A task that ended without outputs (failed or canceled): what History's status filter lists. */
export const ENDED_TASK_STATES = ['failed', 'canceled'] as const;
export const EndedTaskStateSchema = z.enum(ENDED_TASK_STATES, {
  error: `must be one of ${ENDED_TASK_STATES.join(', ')}`,
});
export const EndedTaskSchema = z.strictObject({
  taskId: z.string(),
  batchId: z.string(),
  batchName: z.string(),
  provider: ProviderIdSchema,
  model: z.string(),
  state: EndedTaskStateSchema,
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  prompt: z.string(),
  finishedAt: time.nullable(),
  updatedAt: time,
  currency: CurrencySchema,
  estimatedCost: money,
  actualCost: money,
});
export type EndedTask = z.infer<typeof EndedTaskSchema>;

/** What the renderer may know about a provider's key: whether one is set, never the key. */
export const ProviderStatusSchema = z.strictObject({
  provider: ProviderIdSchema,
  configured: z.boolean(),
  source: z.enum(['vault', 'env', 'demo']).nullable(),
  /** How the stored key is protected: by the OS keychain, or by a local key file only. */
  protection: z.enum(['os', 'local-key', 'env', 'demo']).nullable(),
  /** The same in words, e.g. "not OS-protected (local key file)". */
  protectionLabel: z.string(),
  baseUrl: z.string(),
  /** Why a saved key cannot be used here, when that is the case. */
  note: z.string().nullable(),
  /**
   * Demo mode only: the key saved for live runs (the simulator's stands in for it now), so
   * Settings can say a key is saved, and offer Clear, only when one really is.
   */
  liveKey: z
    .strictObject({
      configured: z.boolean(),
      source: z.enum(['vault', 'env']).nullable(),
      protection: z.enum(['os', 'local-key', 'env']).nullable(),
    })
    .optional(),
});
export type ProviderStatus = z.infer<typeof ProviderStatusSchema>;

/** One image found by files.scan, with the chosen model's limits already checked. */
export const ScannedFileSchema = z.strictObject({
  path: z.string(),
  relPath: z.string(),
  bytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  format: z.string().nullable(),
  hasAlpha: z.boolean().nullable(),
  /** Rules of the model's image limits this file breaks; empty when it fits. */
  issues: z.array(z.string()),
});
export type ScannedFile = z.infer<typeof ScannedFileSchema>;
