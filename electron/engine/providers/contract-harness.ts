/** Test support for the contract tests: the real simulator on 127.0.0.1 and real clients. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ProviderId } from '../../../shared/catalog/types';
import { Http, isProviderError } from '../http';
import { IMMEDIATE_RETRY } from '../retry';
import type { RetryPolicy } from '../retry';
import { makeSampleImages } from '../media/test-images';
import type { SampleImages } from '../media/test-images';
import type { ResolveContext } from '../media/resolve-inputs';
import { MemoryUploadCache } from '../media/upload-cache';
import { startSimulator } from '../simulator/index';
import type { RecordedRequest, SimRoute, Simulator, SimulatorOptions } from '../simulator/index';
import { ApixoClient } from './apixo/client';
import { ModelverseClient } from './modelverse/client';
import { PoyoClient } from './poyo/client';
import type { ProviderClient, TaskStatus } from './types';

export { rejection } from './test-errors';

/** Retries without waiting: Retry-After is honoured in the arithmetic, never slept. */
export const FAST_RETRY: RetryPolicy = IMMEDIATE_RETRY;

export interface Harness {
  sim: Simulator;
  http: Http;
  poyo: PoyoClient;
  apixo: ApixoClient;
  modelverse: ModelverseClient;
  mvSync: ModelverseClient;
  img: SampleImages;
  ctx(clients?: Partial<Record<ProviderId, ProviderClient>>): ResolveContext;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ seed: 7, latencyMs: 1000, ...options });
  // Short timeouts so `hang` faults end quickly; every call goes to 127.0.0.1.
  const http = new Http({
    headersTimeoutMs: 400,
    bodyTimeoutMs: 400,
    connectTimeoutMs: 1000,
    secrets: Object.values(sim.keys),
  });
  const cfg = (p: ProviderId) => ({ apiKey: sim.keys[p], baseUrl: sim.baseUrls[p] });
  const poyo = new PoyoClient(cfg('poyo'), { http, retry: FAST_RETRY });
  const apixo = new ApixoClient(cfg('apixo'), { http, retry: FAST_RETRY });
  const modelverse = new ModelverseClient(cfg('modelverse'), { http, retry: FAST_RETRY });
  const mvSync = new ModelverseClient(cfg('modelverse'), {
    http,
    retry: FAST_RETRY,
    mode: 'sync',
    syncTimeoutMs: 10_000,
  });
  const img = await makeSampleImages();
  return {
    sim,
    http,
    poyo,
    apixo,
    modelverse,
    mvSync,
    img,
    ctx: (clients = { poyo, apixo, modelverse }) => ({
      clients,
      uploadCache: new MemoryUploadCache(),
      baseDir: img.dir,
      now: () => sim.now(),
    }),
    close: async () => {
      await http.close();
      await sim.close();
      await img.cleanup();
    },
  };
}

/**
 * The setup every contract test file shares: one harness for the file, started before its
 * first test and closed after its last, with the simulator reset before each test and then
 * `afterReset` applied. The returned handle reads the live harness, so it may be kept in a
 * module-level const and used in helpers and tests.
 */
export function useHarness(afterReset?: (h: Harness) => void): Harness {
  let current: Harness | undefined;
  const live = (): Harness => {
    if (!current) throw new Error('the contract harness is used before beforeAll started it');
    return current;
  };
  beforeAll(async () => {
    current = await startHarness();
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => {
    live().sim.reset();
    afterReset?.(live());
  });
  return {
    get sim() {
      return live().sim;
    },
    get http() {
      return live().http;
    },
    get poyo() {
      return live().poyo;
    },
    get apixo() {
      return live().apixo;
    },
    get modelverse() {
      return live().modelverse;
    },
    get mvSync() {
      return live().mvSync;
    },
    get img() {
      return live().img;
    },
    ctx: (clients) => live().ctx(clients),
    close: () => live().close(),
  };
}

/** Recorded requests of one provider and route, oldest first. */
export function sent(sim: Simulator, provider: ProviderId, route: SimRoute): RecordedRequest[] {
  return sim.requests.filter((r) => r.provider === provider && r.route === route);
}

/** Polls, moving the simulated clock between polls, until an end state (bounded). */
export async function pollToEnd(
  sim: Simulator,
  client: ProviderClient,
  model: string,
  remoteId: string,
): Promise<{ status: TaskStatus; seen: TaskStatus['state'][] }> {
  const seen: TaskStatus['state'][] = [];
  for (let i = 0; i < 20; i++) {
    // As the runner does: a status call tries twice at most, and a retryable failure is asked
    // again on the next poll.
    let status: TaskStatus;
    try {
      status = await client.status(model, remoteId);
    } catch (err) {
      if (isProviderError(err) && err.retryable) continue;
      throw err;
    }
    seen.push(status.state);
    if (status.state !== 'queued' && status.state !== 'running') return { status, seen };
    sim.advance(400);
  }
  throw new Error(`task ${remoteId} did not end after 20 polls`);
}

/** Unwraps a submitValidated outcome, failing the test with its issues. */
export function okOrThrow<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`unexpected issues: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}
