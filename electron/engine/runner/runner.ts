// The runner: submits the moment a provider slot frees, polls on the adaptive schedule,
// downloads as soon as a task succeeds, settles costs and tells listeners. All state that
// matters is in the store; what is in memory here (claims, poll timers) is rebuilt by
// recover() after a restart.
import { setMaxListeners } from 'node:events';
import { findModel, pollingFor } from '../../../shared/catalog/index';
import type { ProviderId } from '../../../shared/catalog/types';
import type { Http } from '../http';
import type { ResolveContext } from '../media/resolve-inputs';
import type { UploadCache } from '../media/upload-cache';
import type { ProviderClient, TaskStatus } from '../providers/types';
import type { Store } from '../store/index';
import type { Task, TaskPatch, TaskState } from '../store/types';
import { BatchControl } from './batch-control';
import { finishRemote } from './finish';
import { Semaphore } from './semaphore';
import { deliverTask } from './deliver';
import type { Emitter, EngineEventName, EngineEvents } from './events';
import { handleStatus, pollTask } from './poll';
import { latencyKey, TimerQueue } from './scheduler';
import type { PollPlan, Scheduler } from './scheduler';
import { FINAL_STATES, legalSources } from './state-machine';

export interface RunnerOptions {
  /** A task still running this long after submit is given up on (marked failed). */
  taskTimeoutMs: number;
  downloadConcurrency: number;
}

export interface RunnerDeps {
  store: Store;
  scheduler: Scheduler;
  emitter: Emitter;
  client: (provider: ProviderId) => ProviderClient | undefined;
  clients: () => Partial<Record<ProviderId, ProviderClient>>;
  uploadCache: UploadCache;
  downloadHttp: Http;
  options: RunnerOptions;
  now?: () => number;
  /** Does this process still hold the database's driver lease? Checked before submitting. */
  mayDrive?: () => boolean;
}

/** A task the provider is working on, and the polls made so far (offsets after t0). */
export interface Flight {
  taskId: string;
  batchId: string;
  provider: ProviderId;
  plan: PollPlan;
  t0: number;
  offsets: number[];
  /** False for tasks resumed after a restart: their early polls are unknown. */
  learn: boolean;
  /** Still queued or running after this (Unix ms), the task is given up on. */
  deadline: number;
  errors: number;
  notFound: number;
}

export class Runner {
  readonly store: Store;
  readonly scheduler: Scheduler;
  readonly downloadHttp: Http;
  readonly options: RunnerOptions;
  readonly now: () => number;
  readonly downloadSlots: Semaphore;
  readonly batches: BatchControl;
  closed = false;
  private readonly abort = new AbortController();
  private readonly flights = new Map<string, Flight>();
  private readonly delivering = new Set<string>();
  private readonly deliveringBatch = new Map<string, string>();
  private readonly retries = new Map<string, { attempts: number; notBefore: number }>();
  private readonly timers: TimerQueue;

  constructor(private readonly deps: RunnerDeps) {
    this.store = deps.store;
    this.scheduler = deps.scheduler;
    this.downloadHttp = deps.downloadHttp;
    this.options = deps.options;
    this.now = deps.now ?? Date.now;
    this.downloadSlots = new Semaphore(deps.options.downloadConcurrency);
    this.timers = new TimerQueue((id) => this.onPollDue(id), this.now);
    this.batches = new BatchControl(this);
    // Every request in flight listens to this one signal; dozens at once are expected.
    setMaxListeners(0, this.abort.signal);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  mayDrive(): boolean {
    return this.deps.mayDrive?.() ?? true;
  }

  client(provider: ProviderId): ProviderClient | undefined {
    return this.deps.client(provider);
  }

  resolveContext(): ResolveContext {
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

  /** Is the runner driving any task of this batch in memory (claimed, polled, downloaded)? */
  batchBusy(batchId: string): boolean {
    if (this.batches.hasClaims(batchId)) return true;
    for (const f of this.flights.values()) if (f.batchId === batchId) return true;
    for (const id of this.delivering.values()) {
      if (this.deliveringBatch.get(id) === batchId) return true;
    }
    return false;
  }

  /** Is the runner still working on this task in memory? */
  isBusy(taskId: string): boolean {
    return (
      this.flights.has(taskId) || this.delivering.has(taskId) || this.batches.isClaimed(taskId)
    );
  }

  /** Guarded state change + event + batch bookkeeping. False when the task was not in `from`. */
  move(taskId: string, from: readonly TaskState[], to: TaskState, patch: TaskPatch): boolean {
    if (this.closed) return false;
    const applied = this.store.tasks.transition(taskId, legalSources(from, to), to, patch);
    if (applied) {
      if (to === 'failed' || to === 'unknown' || to === 'canceled') {
        this.store.events.append({
          kind: `task.${to}`,
          taskId,
          batchId: this.store.tasks.get(taskId)?.batchId ?? null,
          data: { code: patch.errorCode ?? null, message: patch.errorMessage ?? null },
        });
      }
      if (to === 'failed' || to === 'queued' || to === 'canceled') this.batches.uncharge(taskId);
      this.taskChanged(taskId);
    }
    return applied;
  }

  taskChanged(taskId: string): void {
    const task = this.store.tasks.get(taskId);
    if (task === undefined) return;
    this.emit('task.updated', { task });
    this.batches.changed(
      task.batchId,
      FINAL_STATES.includes(task.state) || task.state === 'unknown',
    );
  }

  releaseSlot(provider: ProviderId, _batchId: string): void {
    this.scheduler.gate(provider).release();
    this.batches.kick();
  }

  pauseBatch(batchId: string, reason: string): void {
    this.batches.pause(batchId, reason);
  }

  /** Schedules another try of a task that stays queued; false once `max` tries are spent. */
  deferRetry(taskId: string, max: number, delay: (attempt: number) => number): boolean {
    const prev = this.retries.get(taskId);
    const attempts = (prev?.attempts ?? 0) + 1;
    if (attempts > max) {
      this.retries.delete(taskId);
      return false;
    }
    this.retries.set(taskId, { attempts, notBefore: this.now() + delay(attempts) });
    return true;
  }

  retryNotBefore(taskId: string): number {
    return this.retries.get(taskId)?.notBefore ?? 0;
  }

  forgetRetries(taskId: string): void {
    this.retries.delete(taskId);
  }

  // --- remote tasks -------------------------------------------------------------------------

  startFlight(
    taskId: string,
    opts: {
      t0: number;
      learn: boolean;
      status?: TaskStatus;
      immediate?: boolean;
      /** The timeout counts from here (default t0): a task watched again gets a full period. */
      watchFrom?: number;
    },
  ): void {
    const task = this.store.tasks.get(taskId);
    const entry = task && findModel(task.provider, task.model);
    if (task === undefined || entry === undefined) return;
    const hint = pollingFor(entry, task.params);
    const plan: PollPlan = {
      key: latencyKey(task.provider, task.model, hint),
      hint,
      pollMs: this.batches.pollMs(task.batchId),
    };
    const flight: Flight = {
      taskId,
      batchId: task.batchId,
      provider: task.provider,
      plan,
      t0: opts.t0,
      offsets: [],
      learn: opts.learn,
      deadline: (opts.watchFrom ?? opts.t0) + this.options.taskTimeoutMs,
      errors: 0,
      notFound: 0,
    };
    this.flights.set(taskId, flight);
    if (opts.status && opts.status.state !== 'queued' && opts.status.state !== 'running') {
      handleStatus(this, flight, opts.status, false);
      return;
    }
    const at = opts.immediate
      ? this.now()
      : Math.max(this.now(), opts.t0 + this.scheduler.pollOffset(plan, 1, 0));
    this.schedulePoll(flight, at);
  }

  schedulePoll(flight: Flight, at: number): void {
    if (!this.closed) this.timers.schedule(flight.taskId, at);
  }

  private onPollDue(taskId: string): void {
    const flight = this.flights.get(taskId);
    if (flight)
      void pollTask(this, flight).catch((err: unknown) => this.internalError(taskId, err));
  }

  /** The provider is done with the task (or we stopped tracking it): free its slot. */
  endFlight(flight: Flight, learn: boolean): void {
    if (!this.flights.delete(flight.taskId)) return;
    this.timers.cancel(flight.taskId);
    if (learn && flight.learn) this.scheduler.learn(flight.plan, flight.offsets);
    this.releaseSlot(flight.provider, flight.batchId);
  }

  /**
   * Records the remote end state: outputs and cost in one transaction, then downloads.
   * `gaveUp`: Genloom stopped waiting, the provider did not say it ended (cost unknown).
   */
  finishRemote(flight: Flight, taskId: string, status: TaskStatus, gaveUp = false): void {
    finishRemote(this, flight, taskId, status, gaveUp);
  }

  startDelivery(taskId: string): void {
    if (this.delivering.has(taskId) || this.closed) return;
    this.delivering.add(taskId);
    const batchId = this.store.tasks.get(taskId)?.batchId;
    if (batchId !== undefined) this.deliveringBatch.set(taskId, batchId);
    void deliverTask(this, taskId)
      .catch((err: unknown) => this.internalError(taskId, err))
      .finally(() => {
        this.delivering.delete(taskId);
        this.deliveringBatch.delete(taskId);
        if (batchId !== undefined && !this.closed) this.batches.changed(batchId, true);
      });
  }

  internalError(taskId: string, err: unknown): void {
    if (this.closed) return;
    const message = err instanceof Error ? err.message : String(err);
    this.store.events.append({ kind: 'runner.error', taskId, data: { message } });
  }

  // --- start and stop -----------------------------------------------------------------------

  /** Picks up everything a previous run left: see recover.ts. */
  trackRemote(task: Task, opts: { watchFrom?: number } = {}): void {
    if (this.flights.has(task.id)) return;
    this.scheduler.gate(task.provider).acquire(true);
    this.startFlight(task.id, {
      t0: task.submittedAt ?? this.now(),
      learn: false,
      immediate: true,
      watchFrom: opts.watchFrom,
    });
  }

  /** Submits whose request is out: their answers carry remote ids worth waiting for. */
  private readonly submits = new Set<Promise<void>>();

  trackSubmit(p: Promise<void>): void {
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
    this.closed = true;
    this.timers.close();
    this.batches.close();
    this.scheduler.flush();
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
    this.abort.abort();
  }
}
