// The one contract between the renderer and main (and the browser bridge): each channel maps
// to the zod schema of its one object argument and of its result. Channels are domain.verb.
import { z } from 'zod';
import { BatchSpecSchema } from '../schemas/batch';
import { IssueSchema } from './envelope';
import type { ChannelName } from './names';
import { ModelInfoSchema } from './catalog-views';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import {
  BatchDetailSchema,
  BatchStatusSchema,
  BatchSummarySchema,
  EndedTaskSchema,
  EndedTaskStateSchema,
  HistoryItemSchema,
  OutputDetailSchema,
  OutputStateSchema,
  ProviderIdSchema,
  ProviderStatusSchema,
  ScannedFileSchema,
  TaskStateSchema,
  TaskViewSchema,
} from './views';

const none = z.strictObject({});
const id = (what: string) =>
  z.string({ error: `must be the id of ${what}` }).min(1, { error: `must be the id of ${what}` });
const batchRef = z.strictObject({ batchId: id('a batch') });
const outputRef = z.strictObject({
  outputId: z
    .number({ error: 'must be the id of an output (a whole number)' })
    .int({ error: 'must be the id of an output (a whole number)' })
    .min(1, { error: 'must be the id of an output (a whole number)' }),
});
const done = z.strictObject({ done: z.literal(true) });
const pathText = z
  .string({ error: 'must be a path' })
  .min(1, { error: 'must be a path' })
  .max(4096, { error: 'must be at most 4096 characters' });
const limit = (max: number, fallback: number) =>
  z
    .number({ error: `must be a whole number from 1 to ${max}` })
    .int({ error: `must be a whole number from 1 to ${max}` })
    .min(1, { error: `must be a whole number from 1 to ${max}` })
    .max(max, { error: `must be a whole number from 1 to ${max}` })
    .default(fallback);
const offset = z
  .number({ error: 'must be a whole number, 0 or more' })
  .int({ error: 'must be a whole number, 0 or more' })
  .min(0, { error: 'must be a whole number, 0 or more' })
  .default(0);
const unixMs = z
  .number({ error: 'must be a time in Unix milliseconds' })
  .int({ error: 'must be a time in Unix milliseconds' })
  .min(0, { error: 'must be a time in Unix milliseconds' });
const apiKey = z
  .string({ error: 'must be the API key as text' })
  .trim()
  .min(8, { error: 'must be at least 8 characters (paste the whole key)' })
  .max(512, { error: 'must be at most 512 characters' })
  .regex(/^\S+$/, { error: 'must not contain spaces or line breaks' });
// A key travels with every request to the base URL, so plain http is allowed only on this
// machine (the simulator, a local proxy); anything remote must be https.
// shared/ has no URL class (no DOM, no Node types): the host is read with a pattern.
const LOOPBACK_HTTP = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|\?|#|$)/i;
const isTlsOrLoopback = (text: string): boolean =>
  !/^http:/i.test(text) || LOOPBACK_HTTP.test(text);
const baseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://api.poyo.ai' })
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine(isTlsOrLoopback, {
    error: 'must use https (plain http only for 127.0.0.1 or localhost)',
  });

const baseUrlOrEmpty = z
  .string({ error: 'must be an http(s) URL, or empty for the default' })
  .trim()
  .superRefine((text, ctx) => {
    if (text === '') return;
    const parsed = baseUrl.safeParse(text);
    if (parsed.success) return;
    const rule = parsed.error.issues[0]?.message ?? 'must be an http(s) URL';
    ctx.addIssue({ code: 'custom', message: `${rule}, or empty for the default` });
  });

/** The filters history.search and history.window share. */
const historyFilters = {
  text: z.string().max(500, { error: 'must be at most 500 characters' }).optional(),
  provider: ProviderIdSchema.optional(),
  model: z.string().max(200).optional(),
  state: TaskStateSchema.optional(),
  outputState: z.union([OutputStateSchema, z.literal('any')]).optional(),
  batchId: z.string().max(200).optional(),
  from: unixMs.optional(),
  to: unixMs.optional(),
};

/** A history (database and outputs) other than the one open: demo and live keep their own. */
const OtherHistorySchema = z.strictObject({
  demo: z.boolean(),
  /** The folder holding its database and outputs. */
  dir: z.string(),
  batches: z.number().int().min(0),
  /** Batches not done or canceled: they continue only when that history is open. */
  unfinished: z.number().int().min(0),
});

export const contract = {
  'app.info': {
    input: none,
    output: z.strictObject({
      name: z.string(),
      version: z.string(),
      shell: z.enum(['electron', 'bridge']),
      os: z.string(),
      demo: z.boolean(),
      home: z.string(),
      /** The folder whose database and outputs are open now (<home>/demo in demo mode). */
      historyDir: z.string(),
      /** The other history when it holds any batch (live when in demo mode, and back). */
      otherHistory: OtherHistorySchema.nullable(),
      /** Whether app.switchHistory can reopen Genloom on the other history here. */
      canSwitchHistory: z.boolean(),
      /** Whether the native folder/file pickers exist here (not in the browser bridge). */
      canPick: z.boolean(),
      /** How saved keys are protected here. */
      keyProtection: z.enum(['os', 'local-key']),
    }),
  },
  'catalog.list': {
    input: none,
    output: z.strictObject({ models: z.array(ModelInfoSchema) }),
  },
  'catalog.validate': {
    input: z.strictObject({
      provider: z.string({ error: 'must name a provider' }),
      model: z.string({ error: 'must name a model' }),
      input: z.unknown(),
    }),
    output: z.union([
      z.strictObject({ valid: z.literal(true), value: z.record(z.string(), z.unknown()) }),
      z.strictObject({ valid: z.literal(false), issues: z.array(IssueSchema) }),
    ]),
  },
  'batch.dryRun': {
    input: z.strictObject({ spec: BatchSpecSchema }),
    output: z.strictObject({
      tasks: z.number().int().min(0),
      estimatedCost: z.number().nullable(),
      currency: z.enum(['USD', 'credits']),
      /** How one task is priced, in words ("4.2 credits x 1 image"). */
      costBasis: z.string(),
      /** Problems that would stop batch.create, each naming the field and the rule. */
      issues: z.array(IssueSchema),
      /** The first few tasks as they would be submitted. */
      sample: z.array(
        z.strictObject({
          prompt: z.string(),
          params: z.record(z.string(), z.unknown()),
          inputs: z.array(z.string()),
        }),
      ),
    }),
  },
  'batch.create': {
    input: z.strictObject({ spec: BatchSpecSchema }),
    output: z.strictObject({ batchId: z.string(), tasks: z.number().int().min(0) }),
  },
  'batch.pause': { input: batchRef, output: BatchSummarySchema },
  'batch.resume': { input: batchRef, output: BatchSummarySchema },
  'batch.cancel': { input: batchRef, output: BatchSummarySchema },
  'batch.retryFailed': {
    input: batchRef,
    output: z.strictObject({ retried: z.number().int().min(0), batch: BatchSummarySchema }),
  },
  'task.resolveUnknown': {
    input: z.strictObject({
      taskId: id('a task'),
      action: z.enum(['resubmit', 'drop'], { error: 'must be resubmit or drop' }),
    }),
    output: TaskViewSchema,
  },
  'batch.list': {
    input: z.strictObject({
      statuses: z.array(BatchStatusSchema).optional(),
      limit: limit(500, 50),
      offset,
    }),
    output: z.strictObject({ batches: z.array(BatchSummarySchema) }),
  },
  'batch.get': { input: batchRef, output: BatchDetailSchema },
  'task.list': {
    input: z.strictObject({
      batchId: id('a batch'),
      states: z.array(TaskStateSchema).optional(),
      limit: limit(1000, 100),
      offset,
    }),
    output: z.strictObject({ tasks: z.array(TaskViewSchema), total: z.number().int().min(0) }),
  },
  'history.search': {
    input: z.strictObject({
      ...historyFilters,
      cursor: z.string().max(1000).nullable().optional(),
      limit: limit(500, 50),
    }),
    output: z.strictObject({
      items: z.array(HistoryItemSchema),
      total: z.number().int().min(0),
      nextCursor: z.string().nullable(),
    }),
  },
  'history.window': {
    /** Items [offset, offset + limit) of the same list, newest first: for jumping far in. */
    input: z.strictObject({ ...historyFilters, offset, limit: limit(500, 100) }),
    output: z.strictObject({
      items: z.array(HistoryItemSchema),
      offset: z.number().int().min(0),
      total: z.number().int().min(0),
    }),
  },
  'history.tasks': {
    /** Tasks that ended without outputs (failed, canceled), newest change first. */
    input: z.strictObject({
      states: z
        .array(EndedTaskStateSchema)
        .max(2, { error: 'must hold at most 2 states' })
        .optional(),
      text: historyFilters.text,
      provider: historyFilters.provider,
      model: historyFilters.model,
      batchId: historyFilters.batchId,
      from: historyFilters.from,
      to: historyFilters.to,
      offset,
      limit: limit(500, 100),
    }),
    output: z.strictObject({
      total: z.number().int().min(0),
      items: z.array(EndedTaskSchema),
    }),
  },
  'output.get': { input: outputRef, output: OutputDetailSchema },
  'output.open': { input: outputRef, output: done },
  'output.showInFolder': { input: outputRef, output: done },
  'settings.get': { input: none, output: SettingsSchema },
  'settings.set': { input: SettingsPatchSchema, output: SettingsSchema },
  'provider.status': {
    input: none,
    output: z.strictObject({ providers: z.array(ProviderStatusSchema), demo: z.boolean() }),
  },
  'provider.setKey': {
    input: z.strictObject({
      provider: ProviderIdSchema,
      apiKey,
      baseUrl: baseUrl.nullable().optional(),
    }),
    output: ProviderStatusSchema,
  },
  'provider.setBaseUrl': {
    /**
     * Where the provider's requests go; '' or null: back to the default. A saved key is bound
     * to the URL it was saved for: moving away from it removes the key (the status says so).
     */
    input: z.strictObject({ provider: ProviderIdSchema, baseUrl: baseUrlOrEmpty.nullable() }),
    output: ProviderStatusSchema,
  },
  'provider.clearKey': {
    input: z.strictObject({ provider: ProviderIdSchema }),
    output: ProviderStatusSchema,
  },
  'provider.testKey': {
    /** Tests the given key, or the configured one when none is given. */
    input: z.strictObject({
      provider: ProviderIdSchema,
      apiKey: apiKey.optional(),
      baseUrl: baseUrl.optional(),
    }),
    output: z.strictObject({ working: z.boolean(), message: z.string() }),
  },
  'dialog.pickFolder': {
    input: z.strictObject({ title: z.string().max(200).optional() }),
    output: z.strictObject({ path: z.string().nullable() }),
  },
  'dialog.pickFiles': {
    input: z.strictObject({
      title: z.string().max(200).optional(),
      multiple: z.boolean().default(true),
    }),
    output: z.strictObject({ paths: z.array(z.string()) }),
  },
  'files.scan': {
    /** Expands dropped or picked folders and files into images, checked against the model. */
    input: z.strictObject({
      paths: z
        .array(pathText)
        .min(1, { error: 'must hold at least one path' })
        .max(10_000, { error: 'must hold at most 10000 paths' }),
      recursive: z.boolean().default(true),
      provider: ProviderIdSchema.optional(),
      model: z.string().max(200).optional(),
    }),
    output: z.strictObject({
      files: z.array(ScannedFileSchema),
      skipped: z.array(z.strictObject({ path: z.string(), reason: z.string() })),
      /** True when more images exist than one scan returns. */
      truncated: z.boolean(),
    }),
  },
  'files.checkOutputDir': {
    /** Whether outputs can be written there; '' checks the default output folder. */
    input: z.strictObject({
      dir: z.string({ error: 'must be a folder path' }).max(4096, {
        error: 'must be at most 4096 characters',
      }),
    }),
    output: z.strictObject({
      ok: z.boolean(),
      /** The folder as a batch would use it. */
      dir: z.string(),
      issues: z.array(IssueSchema),
    }),
  },
  'app.switchHistory': {
    /**
     * Reopens Genloom on the demo history (demo: true, the simulator) or the live one. The
     * answer comes first; then the connection drops and the app starts again on that history.
     */
    input: z.strictObject({ demo: z.boolean({ error: 'must be true or false' }) }),
    output: z.strictObject({ done: z.literal(true), demo: z.boolean() }),
  },
} as const satisfies Record<ChannelName, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller passes (defaults may be left out). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (defaults filled in). */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

export { CHANNEL_NAMES as CHANNELS } from './names';

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}
