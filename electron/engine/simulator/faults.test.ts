import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from './index';
import { startSimulator } from './index';
import { at, call, download, finishAll, startTestSim } from './test-helpers';

let sim: Simulator;
beforeEach(async () => {
  sim ??= await startTestSim();
  sim.reset();
  sim.configure({
    latencyMs: 30,
    concurrency: 8,
    urlTtlMs: 24 * 3600_000,
    failureRate: 0,
    errorRate: 0,
  });
});
afterAll(() => sim.close());

const POYO_BODY = { model: 'wan-2.7-image', input: { prompt: 'fault test' } };
const poyoSubmit = (headers: Record<string, string> = {}, body: unknown = POYO_BODY) =>
  call(sim, 'poyo', 'POST', '/api/generate/submit', body, { headers });

async function finishedUrl(prompt = 'x', advanceMs?: number): Promise<string> {
  const s = await poyoSubmit({}, { model: 'wan-2.7-image', input: { prompt } });
  if (advanceMs === undefined) finishAll(sim);
  else sim.advance(advanceMs);
  const st = await call(
    sim,
    'poyo',
    'GET',
    `/api/generate/status/${String(at(s.json, 'data', 'task_id'))}`,
  );
  return String(at(st.json, 'data', 'files', 0, 'file_url'));
}

describe('fault injection', () => {
  it.each([
    ['http500', 500],
    ['http502', 502],
    ['http503', 503],
    ['http504', 504],
  ] as const)(
    '%s answers %i in the provider envelope, once, without creating a task',
    async (kind, code) => {
      sim.faults.add({ provider: 'apixo', route: 'submit', kind });
      const body = { request_type: 'async', input: { mode: 'omni-image', prompt: 'x' } };
      const hit = await call(sim, 'apixo', 'POST', '/generateTask/wan-2-7-image', body);
      expect(hit.status).toBe(code);
      expect(at(hit.json, 'code')).toBe(code);
      expect(typeof at(hit.json, 'data', 'error')).toBe('string');
      expect(sim.tasks).toHaveLength(0);
      const next = await call(sim, 'apixo', 'POST', '/generateTask/wan-2-7-image', body);
      expect(next.status).toBe(200);
      expect(sim.stats().faultsFired).toBe(1);
    },
  );

  it('http429 answers with Retry-After in the Modelverse envelope', async () => {
    sim.faults.add({ provider: 'modelverse', route: 'any', kind: 'http429', times: 2 });
    const r = await call(sim, 'modelverse', 'POST', '/v1/tasks/submit', {
      model: 'wan2.7-image',
      input: { prompt: 'x' },
    });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(at(r.json, 'error', 'code')).toBe('rate_limit');
    const again = await call(sim, 'modelverse', 'GET', '/v1/tasks/status?task_id=x');
    expect(again.status).toBe(429);
    expect(sim.faults.list()).toHaveLength(0);
  });

  it('drop closes the connection without an answer', async () => {
    sim.faults.add({ route: 'status', kind: 'drop' });
    await expect(call(sim, 'poyo', 'GET', '/api/generate/status/any')).rejects.toThrow();
    expect(sim.requests.at(-1)?.fault).toBe('drop');
    expect(sim.requests.at(-1)?.status).toBeNull();
  });

  it('a submit dropped after processing has created its task; the PoYo retry gets the same one', async () => {
    sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'drop', phase: 'after' });
    await expect(poyoSubmit({ 'idempotency-key': 'retry-me' })).rejects.toThrow();
    expect(sim.tasks).toHaveLength(1);
    const retry = await poyoSubmit({ 'idempotency-key': 'retry-me' });
    expect(at(retry.json, 'data', 'task_id')).toBe(sim.tasks[0]?.id);
    expect(sim.tasks).toHaveLength(1);
    expect(sim.tasks[0]?.submits).toBe(2);
  });

  it('truncate sends the full Content-Length, then cuts the download', async () => {
    const url = await finishedUrl();
    sim.faults.add({ route: 'download', kind: 'truncate' });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const declared = Number(res.headers.get('content-length'));
    expect(declared).toBeGreaterThan(0);
    await expect(res.arrayBuffer()).rejects.toThrow();
    const whole = await download(url);
    expect(whole.bytes.length).toBe(declared);
  });

  it('hang never answers; the client gives up', async () => {
    sim.faults.add({ provider: 'poyo', route: 'status', kind: 'hang' });
    const res = fetch(`${sim.url}/api/generate/status/x`, {
      headers: { authorization: `Bearer ${sim.keys.poyo}` },
      signal: AbortSignal.timeout(150),
    });
    await expect(res).rejects.toThrow();
    expect(sim.requests.at(-1)?.fault).toBe('hang');
  });

  it('refuses an invalid fault, naming the field', () => {
    expect(() => sim.faults.add({ route: 'submit', kind: 'http418' as 'http500' })).toThrow(/kind/);
  });
});

describe('expiry, concurrency and magic words', () => {
  it('answers 403 with a clear body once a result URL expires', async () => {
    sim.configure({ urlTtlMs: 1000 });
    const url = await finishedUrl('x', 30); // just past the 30 ms latency
    expect((await download(url)).status).toBe(200);
    sim.advance(1000);
    const expired = await download(url);
    expect(expired.status).toBe(403);
    expect(expired.bytes.toString()).toContain('expired');
    expect(sim.stats().expiredDownloads).toBe(1);
  });

  it('[sim:expire] gives URLs that are already expired', async () => {
    const url = await finishedUrl('old news [sim:expire]');
    expect((await download(url)).status).toBe(403);
  });

  it('answers 429 with Retry-After beyond the concurrency limit, per key', async () => {
    sim.configure({ concurrency: 2, latencyMs: 60_000 });
    expect((await poyoSubmit()).status).toBe(200);
    expect((await poyoSubmit()).status).toBe(200);
    const third = await poyoSubmit();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('60');
    expect(at(third.json, 'error', 'type')).toBe('rate_limit_error');
    expect(sim.tasks).toHaveLength(2);
    expect(sim.stats().rateLimited).toBe(1);
    sim.advance(60_000);
    expect((await poyoSubmit()).status).toBe(200);
  });

  it('[sim:slow] multiplies the latency and [sim:stuck] never ends', async () => {
    const slow = await poyoSubmit(
      {},
      { model: 'wan-2.7-image', input: { prompt: 'a [sim:slow]' } },
    );
    const stuck = await poyoSubmit(
      {},
      { model: 'wan-2.7-image', input: { prompt: 'b [SIM:STUCK]' } },
    );
    const slowTask = sim.task(String(at(slow.json, 'data', 'task_id')));
    expect((slowTask?.finishAt ?? 0) - (slowTask?.createdAt ?? 0)).toBe(300);
    sim.advance(24 * 3600_000);
    expect(sim.task(String(at(stuck.json, 'data', 'task_id')))?.state).toBe('running');
  });

  it('failureRate 1 fails every task; the same seed gives the same random 5xx pattern', async () => {
    sim.configure({ failureRate: 1 });
    await poyoSubmit();
    finishAll(sim);
    expect(sim.tasks[0]?.state).toBe('failed');

    const pattern = async (): Promise<number[]> => {
      const s = await startSimulator({ seed: 42, errorRate: 0.5 });
      const codes: number[] = [];
      for (let i = 0; i < 12; i += 1)
        codes.push((await call(s, 'poyo', 'GET', '/api/generate/status/none')).status);
      await s.close();
      return codes;
    };
    const first = await pattern();
    expect(first).toContain(503);
    expect(first).toContain(404);
    expect(await pattern()).toEqual(first);
  });
});

describe('HTTP control surface', () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  };

  it('adds faults, advances the clock, shows state and resets', async () => {
    const added = await control('POST', 'faults', [
      { provider: 'poyo', route: 'status', kind: 'http502' },
    ]);
    expect(added.status).toBe(200);
    expect(at(added.json, 'value', 'ids')).toHaveLength(1);
    expect((await call(sim, 'poyo', 'GET', '/api/generate/status/x')).status).toBe(502);

    await poyoSubmit();
    expect((await control('POST', 'advance', { ms: 60_000 })).status).toBe(200);
    const state = await control('GET', 'state');
    expect(at(state.json, 'value', 'tasks', 0, 'state')).toBe('succeeded');
    expect(at(state.json, 'value', 'baseUrls', 'apixo')).toBe(`${sim.url}/api/v1`);
    expect(at(state.json, 'value', 'stats', 'faultsFired')).toBe(1);

    const requests = await control('GET', 'requests?since=0');
    expect(at(requests.json, 'value', 0, 'headers', 'authorization')).toBe('Bearer sim-poyo-key');

    expect((await control('POST', 'reset')).status).toBe(200);
    expect(sim.tasks).toHaveLength(0);
  });

  it('refuses bad faults and options with a 400 naming the field', async () => {
    const bad = await control('POST', 'faults', { route: 'submit', kind: 'explode' });
    expect(bad.status).toBe(400);
    expect(String(at(bad.json, 'error', 'message'))).toContain('kind');
    const opts = await control('POST', 'options', { concurrency: 0 });
    expect(opts.status).toBe(400);
    expect(String(at(opts.json, 'error', 'message'))).toContain('concurrency');
    expect((await control('POST', 'options', { latencyMs: 5 })).status).toBe(200);
  });
});
