// Events main pushes to the renderer (domain.pastTense). Progress is coalesced before it is
// sent: one message carries the latest state of every task that changed since the last flush,
// so a 10,000-task batch costs a handful of messages a second, not 10,000.
import { z } from 'zod';
import type { EventNameOnly } from './names';
import { BatchSummarySchema, OutputTypeSchema, TaskStateSchema } from './views';

export const TaskUpdateSchema = z.strictObject({
  taskId: z.string(),
  batchId: z.string(),
  state: TaskStateSchema,
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  actualCost: z.number().nullable(),
  at: z.number(),
});
export type TaskUpdate = z.infer<typeof TaskUpdateSchema>;

export const OutputDownloadedSchema = z.strictObject({
  outputId: z.number().int(),
  taskId: z.string(),
  batchId: z.string(),
  path: z.string(),
  type: OutputTypeSchema,
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
});
export type OutputDownloaded = z.infer<typeof OutputDownloadedSchema>;

export const events = {
  /** The latest state of each task that changed since the previous message. */
  'task.updated': z.strictObject({ tasks: z.array(TaskUpdateSchema) }),
  /** Aggregates (counts by state, spend, ETA) of each batch that changed. */
  'batch.updated': z.strictObject({ batches: z.array(BatchSummarySchema) }),
  'output.downloaded': z.strictObject({ outputs: z.array(OutputDownloadedSchema) }),
  /** An OS notification was shown (or would have been, where the OS has none). */
  'notification.shown': z.strictObject({
    title: z.string(),
    body: z.string(),
    batchId: z.string().nullable(),
  }),
} as const satisfies Record<EventNameOnly, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export { EVENT_NAMES } from './names';

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value);
}
