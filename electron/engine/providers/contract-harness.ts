/** Test support for the contract tests: the real simulator on 127.0.0.1 and real clients. */
import type { ProviderId } from '../../../shared/catalog/types';
import { Http } from '../http';
import { ProviderError } from '../http-errors';
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
    const status = await client.status(model, remoteId);
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

/** The ProviderError a call fails with; fails the test when it succeeds or throws another. */
export async function rejection(call: Promise<unknown>): Promise<ProviderError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with a ProviderError');
}
