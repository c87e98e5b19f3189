import type { NormalisedRequest } from './check';
import { FaultRegistry } from './faults';
import { makeStreams } from './rng';
import type { RngStreams } from './rng';
import { SIM_PROVIDERS } from './types';
import type {
  RecordedRequest,
  RuntimeOptions,
  SimProvider,
  SimStats,
  SimulatorOptions,
  TaskOutcome,
} from './types';

export interface SimTask {
  provider: SimProvider;
  model: string;
  id: string;
  apiKey: string;
  idempotencyKey: string | null;
  body: unknown;
  mode: 'async' | 'sync';
  req: NormalisedRequest;
  outcome: TaskOutcome;
  createdAt: number;
  queueMs: number;
  /** Time to the end state; null for a task that never ends (`[sim:stuck]`). */
  durationMs: number | null;
  fileTokens: string[];
  submits: number;
  polls: number;
  fingerprint: string;
}

export type FileSource =
  | { kind: 'render'; req: NormalisedRequest; index: number; taskId: string }
  | { kind: 'bytes'; data: Buffer };

export interface SimFile {
  token: string;
  provider: SimProvider;
  mime: string;
  ext: string;
  availableAt: number;
  expiresAt: number;
  source: FileSource;
}

const HOUR = 3600_000;

export function defaultRuntime(o: SimulatorOptions): RuntimeOptions {
  return {
    latencyMs: o.latencyMs ?? 300,
    jitter: o.jitter ?? 0,
    latencyOverrides: o.latencyOverrides ?? [],
    slowFactor: o.slowFactor ?? 10,
    concurrency: o.concurrency ?? 8,
    urlTtlMs: o.urlTtlMs ?? 24 * HOUR,
    uploadTtlMs: o.uploadTtlMs ?? 72 * HOUR,
    maxImageSide: o.maxImageSide ?? 512,
    failureRate: o.failureRate ?? 0,
    errorRate: o.errorRate ?? 0,
    rejectUnknownFields: o.rejectUnknownFields ?? true,
    maxRecordedRequests: o.maxRecordedRequests ?? 50_000,
  };
}

function perProvider(): Record<SimProvider, number> {
  return { poyo: 0, apixo: 0, modelverse: 0 };
}

/** The counters stats() reports, all at zero: at start and after reset(). */
function freshCounters() {
  return {
    submits: perProvider(),
    tasksCreated: perProvider(),
    idempotentReplays: 0,
    creationsByFingerprint: {} as Record<string, number>,
    creationsByIdempotencyKey: {} as Record<string, number>,
    polls: 0,
    rateLimited: 0,
    faultsFired: 0,
    uploads: 0,
    downloads: 0,
    expiredDownloads: 0,
  };
}

export class SimState {
  opts: RuntimeOptions;
  readonly seed: number;
  rng: RngStreams;
  clockOffset = 0;
  baseUrl = '';
  requests: RecordedRequest[] = [];
  requestSeq = 0;
  tasks = new Map<string, SimTask>();
  /** Per provider and key: the tasks that may still be unfinished. */
  active = new Map<string, Set<SimTask>>();
  idempotency = new Map<string, string>();
  files = new Map<string, SimFile>();
  /** Tokens repeat after reset() (same seed), so the cache lives and dies with the state. */
  renderCache = new Map<string, Buffer>();
  spent = new Map<string, number>();
  /** Status requests per remote task id, faulted ones included (for `firstPolls` faults). */
  statusRequests = new Map<string, number>();
  readonly faults = new FaultRegistry();
  counters = freshCounters();

  constructor(
    options: SimulatorOptions,
    readonly keys: Record<SimProvider, string[]>,
    readonly brokeKey: string,
  ) {
    this.opts = defaultRuntime(options);
    this.seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.rng = makeStreams(this.seed);
  }

  now(): number {
    return Date.now() + this.clockOffset;
  }

  record(
    entry: Omit<RecordedRequest, 'seq' | 'at' | 'status' | 'fault' | 'taskId'>,
  ): RecordedRequest {
    const full: RecordedRequest = {
      ...entry,
      seq: ++this.requestSeq,
      at: this.now(),
      status: null,
      fault: null,
      taskId: null,
    };
    this.requests.push(full);
    const excess = this.requests.length - this.opts.maxRecordedRequests;
    if (excess > 0) this.requests.splice(0, excess);
    return full;
  }

  reset(): void {
    this.clockOffset = 0;
    this.requests = [];
    this.requestSeq = 0;
    this.tasks.clear();
    this.active.clear();
    this.idempotency.clear();
    this.files.clear();
    this.renderCache.clear();
    this.spent.clear();
    this.statusRequests.clear();
    this.faults.clear();
    this.rng = makeStreams(this.seed);
    this.counters = freshCounters();
  }

  stats(unfinished: (p: SimProvider) => number): SimStats {
    const pollsByTask: Record<string, number> = {};
    for (const t of this.tasks.values()) pollsByTask[t.id] = t.polls;
    const open = perProvider();
    for (const p of SIM_PROVIDERS) open[p] = unfinished(p);
    return {
      requests: this.requestSeq,
      submits: { ...this.counters.submits },
      tasksCreated: { ...this.counters.tasksCreated },
      idempotentReplays: this.counters.idempotentReplays,
      creationsByFingerprint: { ...this.counters.creationsByFingerprint },
      creationsByIdempotencyKey: { ...this.counters.creationsByIdempotencyKey },
      polls: this.counters.polls,
      pollsByTask,
      rateLimited: this.counters.rateLimited,
      faultsFired: this.counters.faultsFired,
      uploads: this.counters.uploads,
      downloads: this.counters.downloads,
      expiredDownloads: this.counters.expiredDownloads,
      unfinished: open,
    };
  }
}
