import type { IncomingHttpHeaders } from 'node:http';

/** The simulated providers. Kept local: the simulator follows the documents, not shared/catalog. */
export const SIM_PROVIDERS = ['poyo', 'apixo', 'modelverse'] as const;
export type SimProvider = (typeof SIM_PROVIDERS)[number];

/** What a request was for; faults match on it. `any` in a fault matches every route. */
export type SimRoute =
  'submit' | 'status' | 'upload' | 'download' | 'balance' | 'catalog' | 'control' | 'unknown';

export type FaultRoute = 'submit' | 'status' | 'upload' | 'download' | 'any';
export type FaultKind =
  'http500' | 'http502' | 'http503' | 'http504' | 'http429' | 'drop' | 'truncate' | 'hang';

export interface FaultSpec {
  provider?: SimProvider;
  route: FaultRoute;
  kind: FaultKind;
  /** How many matching requests it hits; 'always' never runs out. Default 1. */
  times?: number | 'always';
  /**
   * 'before' (default): the request is not processed (no task is created).
   * 'after': the request is processed (a submit creates its task), then the answer is lost.
   * `truncate` always acts after, since it cuts the real answer.
   */
  phase?: 'before' | 'after';
}

export interface ActiveFault extends Required<Omit<FaultSpec, 'provider'>> {
  id: number;
  provider: SimProvider | null;
  fired: number;
}

export interface LatencyOverride {
  provider?: SimProvider;
  model?: string;
  latencyMs: number;
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. The server binds 127.0.0.1 only. */
  port?: number;
  /** Time from submit to the end state, before jitter. Default 300. */
  latencyMs?: number;
  /** Spread of the latency, as a fraction: 0.2 gives 0.8x to 1.2x. Default 0. */
  jitter?: number;
  /** First match wins: an entry with provider and model beats either alone. */
  latencyOverrides?: LatencyOverride[];
  /** Latency multiplier for prompts holding `[sim:slow]`. Default 10. */
  slowFactor?: number;
  /** Unfinished tasks allowed per provider and key; a submit beyond answers 429. Default 8. */
  concurrency?: number;
  /** Lifetime of result URLs, in simulated ms. Default 24 h. */
  urlTtlMs?: number;
  /** Lifetime of uploaded files: default 72 h (third-party figure for PoYo images). */
  uploadTtlMs?: number;
  /** Long side of generated PNGs, keeping the requested aspect ratio. Default 512. */
  maxImageSide?: number;
  /** Accepted keys per provider; defaults sim-poyo-key, sim-apixo-key, sim-modelverse-key. */
  keys?: Partial<Record<SimProvider, string[]>>;
  /** A key that authenticates but has no balance. Default "sim-broke". */
  brokeKey?: string;
  /** Seed of every random choice (ids, jitter, random faults). Random when absent. */
  seed?: number;
  /** Fraction of submits whose task ends failed, chosen by the seeded PRNG. Default 0. */
  failureRate?: number;
  /** Fraction of submit/status requests answered 503, chosen by the seeded PRNG. Default 0. */
  errorRate?: number;
  /** Reject fields the documents do not list (see check.ts). Default true. */
  rejectUnknownFields?: boolean;
  /** Oldest requests are dropped past this many. Default 50 000. */
  maxRecordedRequests?: number;
}

/** Options that can change while the simulator runs (POST /__sim/options, sim.configure). */
export type RuntimeOptions = Required<
  Pick<
    SimulatorOptions,
    | 'latencyMs'
    | 'jitter'
    | 'latencyOverrides'
    | 'slowFactor'
    | 'concurrency'
    | 'urlTtlMs'
    | 'uploadTtlMs'
    | 'maxImageSide'
    | 'failureRate'
    | 'errorRate'
    | 'rejectUnknownFields'
    | 'maxRecordedRequests'
  >
>;

export interface RecordedRequest {
  seq: number;
  /** Simulated clock, Unix ms. */
  at: number;
  provider: SimProvider | null;
  route: SimRoute;
  method: string;
  path: string;
  query: Record<string, string>;
  /** As received, Authorization included, so tests can assert the exact request. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON; for multipart, the fields and file summaries; undefined when empty. */
  body: unknown;
  /** The status answered; null while pending, or when the connection was dropped or hung. */
  status: number | null;
  fault: FaultKind | null;
}

export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed';

/** How a task ends, fixed at submit time from magic words and the seeded failure rate. */
export type TaskOutcome =
  | { kind: 'success'; outputs: number; expired: boolean }
  | { kind: 'failed'; reason: 'fail' | 'content' | 'image_url'; detail: string }
  | { kind: 'stuck' };

export interface SimTaskView {
  provider: SimProvider;
  model: string;
  id: string;
  apiKey: string;
  idempotencyKey: string | null;
  /** The submit body as parsed JSON. */
  input: unknown;
  mode: 'async' | 'sync';
  state: TaskState;
  /** Submits that answered with this task (PoYo idempotent replays count too). */
  submits: number;
  polls: number;
  requested: number;
  outcome: TaskOutcome;
  createdAt: number;
  finishAt: number | null;
  urls: string[];
}

export interface SimStats {
  requests: number;
  submits: Record<SimProvider, number>;
  tasksCreated: Record<SimProvider, number>;
  idempotentReplays: number;
  polls: number;
  pollsByTask: Record<string, number>;
  rateLimited: number;
  faultsFired: number;
  uploads: number;
  downloads: number;
  expiredDownloads: number;
  unfinished: Record<SimProvider, number>;
}

export interface FaultControl {
  add(spec: FaultSpec): number;
  remove(id: number): boolean;
  clear(): void;
  list(): ActiveFault[];
}

export interface Simulator {
  url: string;
  port: number;
  baseUrls: Record<SimProvider, string>;
  /** The first accepted key per provider (the demo keys). */
  keys: Record<SimProvider, string>;
  brokeKey: string;
  readonly requests: readonly RecordedRequest[];
  readonly tasks: SimTaskView[];
  task(id: string): SimTaskView | undefined;
  stats(): SimStats;
  faults: FaultControl;
  /** Moves the simulated clock forward: tasks progress and URLs expire without waiting. */
  advance(ms: number): void;
  now(): number;
  configure(patch: Partial<RuntimeOptions>): void;
  /** Forgets tasks, requests, files, faults and counters; keeps options and the port. */
  reset(): void;
  close(): Promise<void>;
}
