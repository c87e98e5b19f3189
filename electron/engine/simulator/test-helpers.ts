import { startSimulator } from './index';
import type { SimProvider, Simulator, SimulatorOptions } from './types';

/** Fast, deterministic defaults for tests: tiny latency, fixed seed. */
export function startTestSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ latencyMs: 30, seed: 7, ...options });
}

export interface CallResult {
  status: number;
  headers: Headers;
  json: unknown;
}

/** One JSON call with the provider's demo key (or the given key; null sends none). */
export async function call(
  sim: Simulator,
  provider: SimProvider,
  method: string,
  path: string,
  body?: unknown,
  opts: { key?: string | null; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const key = opts.key === undefined ? sim.keys[provider] : opts.key;
  const headers: Record<string, string> = { ...opts.headers };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.baseUrls[provider]}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text ? (JSON.parse(text) as unknown) : null,
  };
}

/** Reads nested fields of an unknown JSON value in tests without casts at every step. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

export async function download(
  url: string,
): Promise<{ status: number; bytes: Buffer; type: string | null }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return {
    status: res.status,
    bytes: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get('content-type'),
  };
}

/** Moves the simulated clock past every task's end: no waiting, no timing in assertions. */
export function finishAll(sim: Simulator): void {
  sim.advance(60_000);
}
