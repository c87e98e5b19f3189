import type { IncomingHttpHeaders } from 'node:http';

/** The simulated providers. Kept local: the simulator follows the documents, not shared/catalog. */
export const SIM_PROVIDERS = ['poyo', 'apixo', 'modelverse'] as const;
export type SimProvider = (typeof SIM_PROVIDERS)[number];

/** What a request was for; faults match on it. `any` in a fault matches every route. */
export type SimRoute =
  'submit' | 'status' | 'upload' | 'download' | 'balance' | 'catalog' | 'control' | 'unknown';

export type FaultRoute = 'submit' | 'status' | 'upload' | 'download' | 'any';
/** Faults that replace or cut the whole answer (taken by the server before the handler). */
export const TRANSPORT_FAULTS = [
  'http401',
  'http500',
  'http502',
  'http503',
  'http504',
  'http429',
  'drop',
  'truncate',
  'hang',
  'notFound',
] as const;
/** Faults that change one field of a real answer (taken by the handler when it applies). */
export const OVERRIDE_FAULTS = ['b64json', 'cost'] as const;
export const FAULT_KINDS = [...TRANSPORT_FAULTS, ...OVERRIDE_FAULTS] as const;

/**
 * - `http401`: the key is refused (a key revoked mid-batch, with `times: 'always'`).
 * - `http5xx`, `http429`: that status in the provider's error envelope, the request unprocessed.
 * - `drop`, `hang`, `truncate`: the connection is cut, never answered, or cut mid-body.
 * - `notFound` (status route): the answer the provider gives for a task id it does not know
 *   (PoYo and APIXO 404, Modelverse 400 param_error): a task "not visible yet", or a burst.
 * - `b64json` (Modelverse sync submit): the images come back as `b64_json`, not `url`, as
 *   OpenAI-compatible servers send them.
 * - `cost` (PoYo status): a finished task reports `credits_amount` as `value`.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

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
  /**
   * Status route only: the fault matches a task's status requests only while that task has
   * had fewer than this many (faulted ones included). With `times: 'always'` and `notFound`,
   * every task answers 404 for its first `firstPolls` polls.
   */
  firstPolls?: number;
  /** Status route only: the fault matches requests about this remote task id only. */
  taskId?: string;
  /** `cost` only: what `credits_amount` says (a number, any string, or null). */
  value?: number | string | null;
  /**
   * `cost` only: `value` is a JSON number token written unquoted (e.g. "1e999", which
   * JSON.parse reads as Infinity), for numbers JavaScript cannot hold.
   */
  raw?: boolean;
}

export interface ActiveFault {
  id: number;
  provider: SimProvider | null;
  route: FaultRoute;
  kind: FaultKind;
  times: number | 'always';
  phase: 'before' | 'after';
  firstPolls: number | null;
  taskId: string | null;
  value: number | string | null;
  raw: boolean;
  fired: number;
}

/** What the server knows about a request when it looks for a fault. */
export interface FaultMatch {
  provider: SimProvider | null;
  route: SimRoute;
  /** The remote task a status request asks about, when the route names one. */
  taskId?: string;
  /** Status requests for that task before this one (faulted ones included). */
  priorPolls?: number;
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
  /**
   * The remote task the request was about: the one a submit created or replayed, the one a
   * status request asked for. Null when none (a refused submit, an upload).
   */
  taskId: string | null;
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
  /** Submits answered with this existing task instead of a new one: PoYo idempotent replays. */
  replays: number;
  /**
   * The request that created it, as a hash of provider, path and JSON body (headers left
   * out): two tasks with one fingerprint mean the same request created two paid tasks.
   */
  fingerprint: string;
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
  /**
   * Tasks created per request fingerprint (see SimTaskView.fingerprint) and per PoYo
   * Idempotency-Key: a count above 1 is the same request paid twice. Replays do not count.
   */
  creationsByFingerprint: Record<string, number>;
  creationsByIdempotencyKey: Record<string, number>;
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
