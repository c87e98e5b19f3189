// The engine facade: the one object the CLI, the Electron main process and the browser bridge
// drive. Typed, event-based, free of CLI and Electron concerns; state lives in the store.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CATALOG, validateInput } from '../../shared/catalog/index';
import type { ModelEntry, ProviderId, ValidationResult } from '../../shared/catalog/types';
import { PROVIDER_IDS } from '../../shared/catalog/types';
import type { SpecIssue } from '../../shared/schemas/batch';
import { createHttp } from './http';
import type { HttpOptions, RetryPolicy } from './http';
import { createClient } from './providers/registry';
import type { ProviderClient, ProviderConfig } from './providers/types';
import { defaultDbFile, defaultOutputDir } from './paths';
import { openStore } from './store/index';
import type { Store } from './store/index';
import type { HistoryPage, HistoryQuery, Task, TaskListQuery } from './store/types';
import { dryRunOf, persistBatch, planBatch } from './runner/create-batch';
import type { DryRun } from './runner/create-batch';
import { Emitter } from './runner/events';
import type { EngineEventName, Listener } from './runner/events';
import { GatedHttp } from './runner/gated-http';
import type { LatencySnapshot } from './runner/latency';
import { batchSummary, outputDetails } from './runner/queries';
import type { BatchSummary, OutputDetails } from './runner/queries';
import { cancelBatch, recover, resolveUnknown, retryFailed } from './runner/recover';
import type { ResumeReport } from './runner/recover';
import { Runner } from './runner/runner';
import { Scheduler } from './runner/scheduler';
import { StoreUploadCache } from './runner/store-upload-cache';

export type { DryRun } from './runner/create-batch';
export type { BatchSummary, OutputDetails } from './runner/queries';
export type { ResumeReport } from './runner/recover';
export type { EngineEvents, EngineEventName, BatchUpdate } from './runner/events';

export interface EngineOptions {
  /** Genloom's data folder (see paths.ts); outputs default to <home>/outputs. */
  home: string;
  /** Defaults to <home>/genloom.db; ':memory:' for tests. */
  dbFile?: string;
  /** The key and base URL of each provider; undefined when not configured. */
  providers: (id: ProviderId) => ProviderConfig | undefined;
  /** A fixed poll interval for every task (tests, `--poll-ms`); adaptive when absent. */
  pollMs?: number;
  /** In-flight tasks per provider; see DEFAULT_CONCURRENCY. */
  concurrency?: Partial<Record<ProviderId, number>>;
  /** A task still running this long after submit is given up on. Default 6 h. */
  taskTimeoutMs?: number;
  downloadConcurrency?: number;
  /** Provider-call retries (tests use short ones). */
  retry?: RetryPolicy;
  http?: HttpOptions;
  now?: () => number;
}

export type CreateBatchResult =
  { ok: true; batchId: string; tasks: number } | { ok: false; issues: SpecIssue[] };

export interface Engine {
  readonly home: string;
  readonly store: Store;
  catalog(): readonly ModelEntry[];
  validate(provider: string, model: string, input: unknown): ValidationResult;
  dryRun(spec: unknown): Promise<DryRun>;
  /** Validates every task, persists batch + tasks in one transaction and starts running. */
  createBatch(spec: unknown): Promise<CreateBatchResult>;
  pause(batchId: string): void;
  resume(batchId: string): void;
  /** Returns how many queued/unknown tasks were canceled. */
  cancel(batchId: string): number;
  /** Returns how many failed tasks went back to the queue (each with a new key). */
  retryFailed(batchId: string): number;
  resolveUnknown(taskId: string, action: 'resubmit' | 'drop'): boolean;
  listBatches(q?: { limit?: number; offset?: number }): BatchSummary[];
  getBatch(batchId: string): BatchSummary | undefined;
  listTasks(batchId: string, q?: TaskListQuery): Task[];
  history(q: HistoryQuery): HistoryPage;
  output(outputId: number): OutputDetails | undefined;
  readonly settings: {
    get(key: string): unknown;
    set(key: string, value: unknown): void;
    all(): Record<string, unknown>;
  };
  on<K extends EngineEventName>(name: K, listener: Listener<K>): () => void;
  /** On start: resume polling/downloads, retry PoYo submits with their key, park the rest. */
  resumeAll(opts?: { resubmitUnknown?: boolean }): ResumeReport;
  /** Resolves when nothing more happens in the batch without the user. */
  waitForBatch(batchId: string): Promise<BatchSummary | undefined>;
  /** Expected finish (Unix ms) of a batch, when there is enough to tell. */
  eta(batchId: string): number | null;
  defaultOutputDir(): string;
  /** Rebuilds provider clients after keys or base URLs changed. */
  reloadProviders(): void;
  /** Stops timers and requests; drains nothing (state is durable). */
  close(): Promise<void>;
}

const LATENCY_PREFIX = 'runner.latency.';

export function createEngine(opts: EngineOptions): Engine {
  const home = path.resolve(opts.home);
  mkdirSync(home, { recursive: true });
  const store = openStore(opts.dbFile ?? defaultDbFile(home));
  const now = opts.now ?? Date.now;
  const emitter = new Emitter((err) =>
    store.events.append({ kind: 'listener.error', data: { message: String(err) } }),
  );
  const scheduler = new Scheduler({
    concurrency: opts.concurrency,
    pollMs: opts.pollMs,
    now,
    loadLatency: (key) => (store.settings.get(LATENCY_PREFIX + key) as LatencySnapshot) ?? null,
    saveLatency: (key, snapshot) => store.settings.set(LATENCY_PREFIX + key, snapshot),
  });
  let clients: Partial<Record<ProviderId, ProviderClient>> = {};
  const https: GatedHttp[] = [];
  const buildClients = (): void => {
    const old = https.splice(0);
    clients = {};
    for (const id of PROVIDER_IDS) {
      const config = opts.providers(id);
      if (!config) continue;
      const http = new GatedHttp(scheduler.gate(id), { ...opts.http, secrets: [config.apiKey] });
      https.push(http);
      clients[id] = createClient(id, config, { http, retry: opts.retry });
    }
    for (const h of old) void h.close();
  };
  buildClients();
  const downloadHttp = createHttp(opts.http);
  const runner = new Runner({
    store,
    scheduler,
    emitter,
    client: (id) => clients[id],
    clients: () => clients,
    uploadCache: new StoreUploadCache(store),
    downloadHttp,
    options: {
      taskTimeoutMs: opts.taskTimeoutMs ?? 6 * 60 * 60_000,
      downloadConcurrency: opts.downloadConcurrency ?? 6,
    },
    now,
  });
  const outputDir = defaultOutputDir(home);
  const planContext = { configured: (id: ProviderId) => clients[id] !== undefined };
  let closing: Promise<void> | null = null;

  return {
    home,
    store,
    catalog: () => CATALOG,
    validate: (provider, model, input) => validateInput(provider, model, input),
    dryRun: async (spec) => dryRunOf(await planBatch(spec, planContext)),
    async createBatch(spec) {
      const planned = await planBatch(spec, planContext);
      if (!planned.ok) return planned;
      const created = persistBatch(store, planned, { outputDir, now: now() });
      runner.batches.activate(created.batchId);
      return { ok: true, ...created };
    },
    pause: (batchId) => runner.batches.pause(batchId, 'paused by the user'),
    resume(batchId) {
      const batch = store.batches.get(batchId);
      if (batch?.status !== 'paused') return;
      store.batches.setStatus(batchId, 'active');
      store.events.append({ kind: 'batch.resumed', batchId });
      runner.batches.activate(batchId);
      runner.batches.changed(batchId, true);
    },
    cancel: (batchId) => cancelBatch(runner, batchId),
    retryFailed: (batchId) => retryFailed(runner, batchId),
    resolveUnknown: (taskId, action) => resolveUnknown(runner, taskId, action),
    listBatches: (q = {}) =>
      store.batches.list(q).map((b) => batchSummary(store, scheduler, b, now())),
    getBatch(batchId) {
      const batch = store.batches.get(batchId);
      return batch && batchSummary(store, scheduler, batch, now());
    },
    listTasks: (batchId, q) => store.tasks.listByBatch(batchId, q),
    history: (q) => store.history.search(q),
    output: (outputId) => outputDetails(store, outputId),
    settings: {
      get: (key) => store.settings.get(key),
      set: (key, value) => store.settings.set(key, value),
      all: () => store.settings.all(),
    },
    on: (name, listener) => emitter.on(name, listener),
    resumeAll: (o = {}) => recover(runner, { resubmitUnknown: o.resubmitUnknown ?? false }),
    async waitForBatch(batchId) {
      await runner.batches.waitSettled(batchId);
      const batch = store.batches.get(batchId);
      return batch && batchSummary(store, scheduler, batch, now());
    },
    eta(batchId) {
      const batch = store.batches.get(batchId);
      return batch ? batchSummary(store, scheduler, batch, now()).eta : null;
    },
    defaultOutputDir: () => outputDir,
    reloadProviders: buildClients,
    close() {
      // Idempotent: a Ctrl-C handler and a finally block may both close.
      closing ??= (async () => {
        await runner.close();
        await Promise.allSettled([...https.map((h) => h.close()), downloadHttp.close()]);
        store.close();
      })();
      return closing;
    },
  };
}
