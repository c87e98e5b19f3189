// The engine facade: the one object the CLI, the Electron main process and the browser bridge
// drive. Typed, event-based, free of CLI and Electron concerns; state lives in the store.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CATALOG, validateInput } from '../../shared/catalog/index';
import type { ModelEntry, ProviderId, ValidationResult } from '../../shared/catalog/types';
import { PROVIDER_IDS } from '../../shared/catalog/types';
import type { SpecIssue } from '../../shared/schemas/batch';
import { makeDirsSync } from './downloads/dirs';
import { createHttp } from './http';
import type { HttpOptions, RetryPolicy } from './http';
import { createClient } from './providers/registry';
import type { ProviderClient, ProviderConfig } from './providers/types';
import { defaultDbFile, defaultOutputDir } from './paths';
import { openStore } from './store/index';
import type { Store } from './store/index';
import type { HistoryPage, HistoryQuery, Task, TaskListQuery } from './store/types';
import { dryRunOf, persistBatch, planBatch } from './runner/create-batch';
import { DriverLease } from './runner/driver-lease';
import type { LeaseTiming } from './runner/driver-lease';
import { EngineError, isDbBusy } from './runner/engine-error';
import type { DryRun } from './runner/create-batch';
import { Emitter } from './runner/events';
import type { EngineEventName, Listener } from './runner/events';
import { GatedHttp } from './runner/gated-http';
import type { LatencySnapshot } from './runner/latency';
import { batchSummary, outputDetails } from './runner/queries';
import type { BatchSummary, OutputDetails } from './runner/queries';
import { adoptBatch, recover } from './runner/recover';
import { cancelBatch, resolveUnknown, retryFailed } from './runner/user-actions';
import type { ResumeReport } from './runner/recover';
import { Runner } from './runner/runner';
import type { RunnerOptions } from './runner/runner';
import { DEFAULT_CONCURRENCY, Scheduler } from './runner/scheduler';
import { StoreUploadCache } from './runner/store-upload-cache';

export type { DryRun } from './runner/create-batch';
export type { BatchSummary, OutputDetails } from './runner/queries';
export type { ResumeReport } from './runner/recover';
export type { EngineEvents, EngineEventName, BatchUpdate } from './runner/events';
export { EngineError, isDbBusy } from './runner/engine-error';
export type { EngineErrorCode } from './runner/engine-error';

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
  /** Deadlines and database retries of the runner (tests shorten them); see RunnerOptions. */
  runner?: Partial<
    Pick<
      RunnerOptions,
      | 'notFoundDeadlineMs'
      | 'pollFailureDeadlineMs'
      | 'persistDeadlineMs'
      | 'persistDelay'
      | 'deliveryRetry'
    >
  >;
  /** Monotonic clock for waits and deadlines (tests); default performance.now. */
  mono?: () => number;
  downloadConcurrency?: number;
  /** Provider-call retries (tests use short ones). */
  retry?: RetryPolicy;
  http?: HttpOptions;
  now?: () => number;
  /** The driver lease's heartbeat and stale time (tests shorten them). */
  lease?: LeaseTiming;
}

export type CreateBatchResult =
  { ok: true; batchId: string; tasks: number } | { ok: false; issues: SpecIssue[] };

export interface Engine {
  readonly home: string;
  readonly store: Store;
  catalog(): readonly ModelEntry[];
  validate(provider: string, model: string, input: unknown): ValidationResult;
  dryRun(spec: unknown): Promise<DryRun>;
  /*
   * Actions that start work (createBatch, resume, retryFailed, resolveUnknown 'resubmit',
   * resumeAll) take the database's driver lease first and throw EngineError 'db_busy' while
   * another live process holds it. Actions that stop work (pause, cancel, resolveUnknown
   * 'drop') are flags in the store and work from any process: the driver picks them up
   * before its next submit.
   */
  /** Validates every task, persists batch + tasks in one transaction and starts running. */
  createBatch(spec: unknown): Promise<CreateBatchResult>;
  pause(batchId: string): void;
  resume(batchId: string): void;
  /** Returns how many queued/unknown tasks were canceled. */
  cancel(batchId: string): number;
  /** Returns how many failed tasks went back to the queue (each with a new key). */
  retryFailed(batchId: string): number;
  resolveUnknown(taskId: string, action: 'resubmit' | 'drop'): boolean;
  /**
   * In-flight tasks for a provider from the next submit on (tasks already in flight run to
   * the end); null goes back to the default. Throws EngineError 'invalid_input'.
   */
  setConcurrency(provider: ProviderId, limit: number | null): void;
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
  /**
   * On start: resume polling/downloads, retry PoYo submits with their key, park the rest.
   * With `whenFree`, a refusal (db_busy) also leaves the resume pending: it runs as soon as
   * the other process lets go of the database (the desktop app and the bridge).
   */
  resumeAll(opts?: { resubmitUnknown?: boolean; whenFree?: boolean }): ResumeReport;
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
  try {
    // Level by level: Node's recursive mkdir never returns for a path like /proc/x.
    makeDirsSync(home);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new EngineError(
      'invalid_input',
      `Genloom's data folder ${home} cannot be created (${why}); set GENLOOM_HOME to a folder you can write`,
    );
  }
  const dbFile = opts.dbFile ?? defaultDbFile(home);
  const store = openStore(dbFile);
  const now = opts.now ?? Date.now;
  const mono = opts.mono ?? (() => performance.now());
  const emitter = new Emitter((err) =>
    store.events.append({ kind: 'listener.error', data: { message: String(err) } }),
  );
  const scheduler = new Scheduler({
    concurrency: opts.concurrency,
    pollMs: opts.pollMs,
    now: mono,
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
  let pendingResume: { resubmitUnknown: boolean } | null = null;
  const lease = new DriverLease(store.lease, {
    ...opts.lease,
    now,
    onTakeOver: (previous) =>
      store.events.append({
        kind: 'lease.taken_over',
        data: { pid: previous.pid, hostname: previous.hostname, heartbeatAt: previous.heartbeatAt },
      }),
    onAcquired: () => {
      const wanted = pendingResume;
      pendingResume = null;
      if (wanted) recover(runner, wanted);
    },
    onLost: () => {
      store.events.append({ kind: 'lease.lost', data: { pid: process.pid } });
      void runner.close();
    },
  });
  /** Every action that starts work: takes the lease (or throws db_busy) before touching state. */
  const drive = (): void => {
    lease.ensure();
    const wanted = pendingResume;
    pendingResume = null;
    if (wanted) recover(runner, wanted);
  };
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
      ...opts.runner,
    },
    now,
    mono,
    mayDrive: () => lease.verify(),
    journalFile: dbFile === ':memory:' ? null : `${dbFile}.journal`,
  });
  const outputDir = defaultOutputDir(home);
  const planContext = { configured: (id: ProviderId) => clients[id] !== undefined, outputDir };
  let closing: Promise<void> | null = null;

  return {
    home,
    store,
    catalog: () => CATALOG,
    validate: (provider, model, input) => validateInput(provider, model, input),
    dryRun: async (spec) => dryRunOf(await planBatch(spec, planContext)),
    async createBatch(spec) {
      drive();
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
      drive();
      store.transaction(() => {
        store.batches.setStatus(batchId, 'active');
        store.events.append({ kind: 'batch.resumed', batchId });
      });
      runner.batches.activate(batchId);
      // Tasks a pause stopped watching (a refused key) are checked on again.
      adoptBatch(runner, batchId);
      runner.batches.changed(batchId);
    },
    cancel: (batchId) => cancelBatch(runner, batchId),
    retryFailed(batchId) {
      if (store.tasks.countsByState(batchId).failed === 0) return 0;
      drive();
      return retryFailed(runner, batchId);
    },
    resolveUnknown(taskId, action) {
      if (action === 'resubmit' && store.tasks.get(taskId)?.state === 'unknown') drive();
      return resolveUnknown(runner, taskId, action);
    },
    setConcurrency(provider, limit) {
      if (!(PROVIDER_IDS as readonly string[]).includes(provider)) {
        throw new EngineError(
          'invalid_input',
          `provider must be one of ${PROVIDER_IDS.join(', ')} (got ${JSON.stringify(provider)})`,
        );
      }
      if (limit !== null && !(Number.isInteger(limit) && limit >= 1 && limit <= 64)) {
        throw new EngineError(
          'invalid_input',
          `concurrency.${provider} must be a whole number from 1 to 64 (got ${String(limit)})`,
        );
      }
      scheduler.setConcurrency(
        provider,
        limit ?? opts.concurrency?.[provider] ?? DEFAULT_CONCURRENCY[provider],
      );
      // A raised limit frees slots now; a lowered one holds submits until enough end.
      runner.batches.kick();
    },
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
    resumeAll(o = {}) {
      const wanted = { resubmitUnknown: o.resubmitUnknown ?? false };
      try {
        lease.ensure();
      } catch (error) {
        if (o.whenFree && isDbBusy(error)) {
          pendingResume = wanted;
          lease.waitForFree();
        }
        throw error;
      }
      pendingResume = null;
      return recover(runner, wanted);
    },
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
        lease.stop();
        await runner.close();
        // Only now: submits given their grace have written their remote ids. A database
        // that refuses the write (another process holds its lock) leaves a lease whose pid
        // is gone: the next process takes it over at once.
        try {
          lease.release();
        } catch (err) {
          runner.internalError(null, err, 'releasing the driver lease');
        }
        await Promise.allSettled([...https.map((h) => h.close()), downloadHttp.close()]);
        store.close();
      })();
      return closing;
    },
  };
}
