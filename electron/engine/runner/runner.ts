// The runner: submits the moment a provider slot frees, polls on the adaptive schedule,
// downloads as soon as a task succeeds, settles costs and tells listeners. All state that
// matters is in the store (every change through its gate); what is in memory here (the
// in-flight registry, poll timers) is rebuilt by recover() after a restart.
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { ProviderId } from '../../../shared/catalog/types';
import type { Http } from '../http';
import type { UploadCache } from '../media/upload-cache';
import type { ProviderClient } from '../providers/types';
import type { Store } from '../store/index';
import type { Task, TaskPatch, TaskState } from '../store/types';
import { BatchControl } from './batch-control';
import type { RunnerContext, RunnerOptions, WatchOptions } from './context';
import { deliverTask } from './deliver';
import { DEFAULT_PERSIST_DEADLINE_MS, persist } from './durable';
import type { Persisted } from './durable';
import type { Emitter, EngineEventName, EngineEvents } from './events';
import { InFlight } from './in-flight';
import type { Flight } from './in-flight';
import { openJournal } from './journal';
import type { RecoveryJournal } from './journal';
import { handleStatus, newFlight, pollTask, retryPollLater } from './poll';
import { TimerQueue } from './scheduler';
import type { Scheduler } from './scheduler';
import { Semaphore } from './semaphore';

export type { RunnerOptions } from './context';

export interface RunnerDeps {
  store: Store;
  scheduler: Scheduler;
  emitter: Emitter;
  client: (provider: ProviderId) => ProviderClient | undefined;
  clients: () => Partial<Record<ProviderId, ProviderClient>>;
  uploadCache: UploadCache;
  downloadHttp: Http;
  options: RunnerOptions;
  /** Wall clock for records (default Date.now). */
  now?: () => number;
  /** Monotonic clock for waits and deadlines (default performance.now). */
  mono?: () => number;
  /** Does this process still hold the database's driver lease? Checked before submitting. */
  mayDrive?: () => boolean;
  /** The recovery journal's file (beside the database); null keeps none. */
  journalFile?: string | null;
}

/** Re-delivery after a database error inside a delivery: at most this long apart. */
const MAX_REDELIVER_MS = 30_000;

export class Runner implements RunnerContext {
  readonly store: Store;
  readonly scheduler: Scheduler;
  readonly downloadHttp: Http;
  readonly options: RunnerOptions;
  readonly now: () => number;
  readonly mono: () => number;
  readonly downloadSlots: Semaphore;
  readonly work: InFlight;
  readonly journal: RecoveryJournal;
  readonly batches: BatchControl;
  closed = false;
  private readonly abort = new AbortController();
  private readonly retries = new Map<string, { attempts: number; notBefore: number }>();
  private readonly redeliveries = new Map<string, number>();
  private readonly timers: TimerQueue;
  /** Submits whose request is out: their answers carry remote ids worth waiting for. */
  private readonly submits = new Set<Promise<void>>();

  constructor(private readonly deps: RunnerDeps) {
    this.store = deps.store;
    this.scheduler = deps.scheduler;
    this.downloadHttp = deps.downloadHttp;
    this.options = deps.options;
    this.now = deps.now ?? Date.now;
    this.mono = deps.mono ?? (() => performance.now());
    this.downloadSlots = new Semaphore(deps.options.downloadConcurrency);
    this.journal = openJournal(deps.journalFile ?? null);
    this.work = new InFlight(
      () => this.batches.kick(),
      (batchId) => {
        if (!this.closed) this.batches.changed(batchId);
      },
    );
    this.timers = new TimerQueue((id) => this.onPollDue(id), this.mono);
    this.batches = new BatchControl(this, {
      mayDrive: () => this.deps.mayDrive?.() ?? true,
      retryNotBefore: (taskId) => this.retries.get(taskId)?.notBefore ?? 0,
      launch: (p) => this.trackSubmit(p),
    });
    // Every request in flight listens to this one signal; dozens at once are expected.
    setMaxListeners(0, this.abort.signal);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  client(provider: ProviderId): ProviderClient | undefined {
    return this.deps.client(provider);
  }

  resolveContext() {
    return {
      clients: this.deps.clients(),
      uploadCache: this.deps.uploadCache,
      signal: this.signal,
      now: this.now,
    };
  }

  notConfigured(provider: ProviderId): string {
    return `${provider} is not configured: set GENLOOM_${provider.toUpperCase()}_API_KEY (or add the key in Settings), then resume`;
  }

  emit<K extends EngineEventName>(name: K, payload: EngineEvents[K]): void {
    this.deps.emitter.emit(name, payload);
  }

  isBusy(taskId: string): boolean {
    return this.work.has(taskId);
  }

  /** Through the store's gate (which checks the move and writes its event); then bookkeeping. */
  move(
    taskId: string,
    from: readonly TaskState[],
    to: TaskState,
    patch: TaskPatch,
    note?: Record<string, unknown>,
  ): boolean {
    if (this.closed) return false;
    const applied = this.store.tasks.transition(taskId, from, to, patch, note);
    if (applied) {
      if (to === 'failed' || to === 'queued' || to === 'canceled') this.batches.uncharge(taskId);
      this.taskChanged(taskId);
    }
    return applied;
  }

  taskChanged(taskId: string): void {
    const task = this.store.tasks.get(taskId);
    if (task === undefined) return;
    this.emit('task.updated', { task });
    this.batches.changed(task.batchId);
  }

  persist<T>(what: string, taskId: string, write: () => T): Promise<Persisted<T>> {
    return persist(write, {
      signal: this.signal,
      mono: this.mono,
      deadlineMs: this.options.persistDeadlineMs ?? DEFAULT_PERSIST_DEADLINE_MS,
      delay: this.options.persistDelay,
      onRetry: (err, attempt) => {
        if (attempt === 1) this.internalError(taskId, err, `writing the ${what} (retrying)`);
      },
    });
  }

  /** Schedules another try of a task that stays queued; false once `max` tries are spent. */
  deferRetry(taskId: string, max: number, delay: (attempt: number) => number): boolean {
    const prev = this.retries.get(taskId);
    const attempts = (prev?.attempts ?? 0) + 1;
    if (attempts > max) {
      this.retries.delete(taskId);
      return false;
    }
    this.retries.set(taskId, { attempts, notBefore: this.mono() + delay(attempts) });
    return true;
  }

  forgetRetries(taskId: string): void {
    this.retries.delete(taskId);
  }

  // --- remote tasks -------------------------------------------------------------------------

  watch(taskId: string, opts: WatchOptions): void {
    const w = this.work.get(taskId);
    const task = this.store.tasks.get(taskId);
    const flight = task && newFlight(this, task, opts);
    if (w === undefined || flight === undefined) {
      this.work.end(taskId);
      return;
    }
    w.phase = 'watch';
    w.flight = flight;
    if (opts.status && opts.status.state !== 'queued' && opts.status.state !== 'running') {
      try {
        handleStatus(this, flight, opts.status, false);
      } catch (err) {
        this.internalError(taskId, err, 'recording the answer');
        retryPollLater(this, flight);
      }
      return;
    }
    const mono = this.mono();
    const first = flight.monoT0 + this.scheduler.pollOffset(flight.plan, 1, 0);
    this.schedulePoll(flight, opts.immediate ? mono : Math.max(mono, first));
  }

  schedulePoll(flight: Flight, at: number): void {
    if (!this.closed) this.timers.schedule(flight.taskId, at);
  }

  private onPollDue(taskId: string): void {
    const flight = this.work.get(taskId)?.flight;
    if (flight === undefined) return;
    void pollTask(this, flight).catch((err: unknown) => {
      // A database error while recording the answer: the task stays watched, and the next
      // poll asks the provider again (its answer does not change by being asked twice).
      this.internalError(taskId, err, 'recording a status');
      retryPollLater(this, flight);
    });
  }

  /** Stops watching (the flight's timer, its slot); the task's state says what comes next. */
  stopWatching(taskId: string): void {
    this.timers.cancel(taskId);
    const w = this.work.get(taskId);
    if (w?.flight) w.flight = undefined;
    if (w?.phase === 'watch') this.work.end(taskId);
  }

  startDelivery(taskId: string): void {
    if (this.closed) return;
    const w = this.work.get(taskId);
    if (w?.phase === 'deliver') return;
    if (w === undefined) {
      const task = this.store.tasks.get(taskId);
      if (task === undefined) return;
      this.work.begin({
        taskId,
        batchId: task.batchId,
        provider: task.provider,
        phase: 'deliver',
      });
    } else {
      // The provider is done: its slot is free for the next submit while the files download.
      this.timers.cancel(taskId);
      w.flight = undefined;
      this.work.next(taskId, 'deliver', false);
    }
    void deliverTask(this, taskId, this.options.deliveryRetry)
      .then(() => this.redeliveries.delete(taskId))
      .catch((err: unknown) => {
        if (this.closed) return;
        // A database error inside the delivery: the task stays `downloading` and is delivered
        // again after a pause, never left without anyone working on it.
        this.internalError(taskId, err, 'saving the outputs');
        const n = (this.redeliveries.get(taskId) ?? 0) + 1;
        this.redeliveries.set(taskId, n);
        setTimeout(
          () => {
            if (this.closed || this.work.get(taskId)?.phase !== 'deliver') return;
            this.work.end(taskId);
            this.startDelivery(taskId);
          },
          Math.min(MAX_REDELIVER_MS, 250 * 2 ** n),
        ).unref();
        return 'retry' as const;
      })
      .then((outcome) => {
        // Ending the work looks at the batch again (done, settled).
        if (outcome !== 'retry') this.work.end(taskId);
      });
  }

  internalError(taskId: string | null, err: unknown, doing?: string): void {
    if (this.closed) return;
    const message = err instanceof Error ? err.message : String(err);
    try {
      this.store.events.append({
        kind: 'runner.error',
        taskId,
        data: { message, ...(doing ? { doing } : {}) },
      });
    } catch {
      // The database refuses writes right now; the caller retries the work itself.
    }
  }

  // --- start and stop -----------------------------------------------------------------------

  /** Watches a task a previous run (or a pause) left with the provider: see recover.ts. */
  trackRemote(task: Task, opts: { watchFrom?: number; reconcile?: boolean } = {}): void {
    if (this.work.has(task.id) || this.closed) return;
    const slot = this.scheduler.gate(task.provider).take(true);
    this.work.begin({
      taskId: task.id,
      batchId: task.batchId,
      provider: task.provider,
      phase: 'watch',
      slot,
    });
    this.watch(task.id, {
      t0: task.submittedAt ?? this.now(),
      learn: false,
      immediate: true,
      watchFrom: opts.watchFrom,
      reconcile: opts.reconcile,
    });
  }

  private trackSubmit(p: Promise<void>): void {
    this.submits.add(p);
    void p.finally(() => this.submits.delete(p));
  }

  /**
   * Stops starting anything, gives submits already sent up to `graceMs` to answer (so their
   * remote ids are written), then aborts every request. Nothing else is drained: the store
   * holds the state and the next start resumes it.
   */
  async close(graceMs = 3000): Promise<void> {
    if (this.closed) return;
    this.batches.stopPump();
    this.timers.close();
    if (this.submits.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.submits]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    this.closed = true;
    this.batches.close();
    this.scheduler.flush();
    this.abort.abort();
    this.journal.close();
  }
}
