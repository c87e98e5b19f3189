// The faults the money-safety review needed (issue 9): tasks not visible yet, status routes
// that always fail, inline b64_json images, a reported cost that lies, lost replies, and
// creation counts that tell a paid duplicate from an idempotent replay.
import sharp from 'sharp';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimProvider, Simulator } from './index';
import { at, call, finishAll, startTestSim } from './test-helpers';

let sim: Simulator;
beforeEach(async () => {
  sim ??= await startTestSim();
  sim.reset();
  sim.configure({ latencyMs: 30, concurrency: 8 });
});
afterAll(() => sim.close());

const SUBMIT: Record<SimProvider, { path: string; body: unknown; id: string[] }> = {
  poyo: {
    path: '/api/generate/submit',
    body: { model: 'wan-2.7-image', input: { prompt: 'money' } },
    id: ['data', 'task_id'],
  },
  apixo: {
    path: '/generateTask/wan-2-7-image',
    body: { request_type: 'async', input: { mode: 'omni-image', prompt: 'money' } },
    id: ['data', 'taskId'],
  },
  modelverse: {
    path: '/v1/tasks/submit',
    body: { model: 'wan2.7-image', input: { prompt: 'money' } },
    id: ['output', 'task_id'],
  },
};

const statusPath = (p: SimProvider, id: string): string =>
  p === 'poyo'
    ? `/api/generate/status/${id}`
    : p === 'apixo'
      ? `/statusTask/wan-2-7-image?taskId=${id}`
      : `/v1/tasks/status?task_id=${id}`;

async function submit(p: SimProvider, headers: Record<string, string> = {}): Promise<string> {
  const r = await call(sim, p, 'POST', SUBMIT[p].path, SUBMIT[p].body, { headers });
  expect(r.status).toBe(200);
  return String(at(r.json, ...SUBMIT[p].id));
}

const status = (p: SimProvider, id: string) => call(sim, p, 'GET', statusPath(p, id));

describe('notFound: a task not visible yet, and 404 bursts', () => {
  it.each([
    ['poyo', 404],
    ['apixo', 404],
    ['modelverse', 400],
  ] as const)(
    '%s answers its own unknown-task error for each task’s first N polls, then the task',
    async (p, code) => {
      const first = await submit(p);
      const second = await submit(p);
      const unknown = await status(p, 'no-such-task');
      expect(unknown.status).toBe(code);
      sim.faults.add({ route: 'status', kind: 'notFound', firstPolls: 2, times: 'always' });
      for (const id of [first, second]) {
        const a = await status(p, id);
        const b = await status(p, id);
        // Byte for byte what an id the provider never made gets, apart from the id itself.
        expect(a.status).toBe(code);
        expect(
          JSON.stringify(b.json)
            .replaceAll(id, 'ID')
            .replace(/req_sim_\d+/, 'R'),
        ).toBe(
          JSON.stringify(unknown.json)
            .replaceAll('no-such-task', 'ID')
            .replace(/req_sim_\d+/, 'R'),
        );
        expect((await status(p, id)).status).toBe(200);
      }
      expect(sim.task(first)?.polls).toBe(1);
      expect(sim.requests.filter((r) => r.fault === 'notFound')).toHaveLength(4);
    },
  );

  it('a burst: the next N status requests of one task answer 404, other tasks are untouched', async () => {
    const a = await submit('poyo');
    const b = await submit('poyo');
    sim.faults.add({ route: 'status', kind: 'notFound', taskId: a, times: 3 });
    expect((await status('poyo', b)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await status('poyo', a)).status).toBe(404);
    expect((await status('poyo', a)).status).toBe(200);
    expect(sim.faults.list()).toHaveLength(0);
  });
});

describe('status routes that always fail', () => {
  it('5xx forever: every poll answers 503 until the fault is removed', async () => {
    const id = await submit('apixo');
    const fault = sim.faults.add({ route: 'status', kind: 'http503', times: 'always' });
    for (let i = 0; i < 5; i++) expect((await status('apixo', id)).status).toBe(503);
    // A submit is not a status request: it still works.
    await submit('apixo');
    sim.faults.remove(fault);
    expect((await status('apixo', id)).status).toBe(200);
  });

  it.each(['poyo', 'apixo', 'modelverse'] as const)(
    '%s: 401 forever on polls, in the provider envelope (a key revoked mid-batch)',
    async (p) => {
      const id = await submit(p);
      sim.faults.add({ provider: p, route: 'status', kind: 'http401', times: 'always' });
      for (let i = 0; i < 3; i++) {
        const r = await status(p, id);
        expect(r.status).toBe(401);
        expect(JSON.stringify(r.json)).toMatch(/revoked/);
      }
      if (p === 'poyo')
        expect(at((await status(p, id)).json, 'error', 'type')).toBe('authentication_error');
      if (p === 'modelverse')
        expect(at((await status(p, id)).json, 'error', 'code')).toBe('auth_error');
    },
  );
});

describe('Modelverse sync answers with b64_json', () => {
  it('sends the image bytes as base64 instead of a URL, and only on success', async () => {
    sim.faults.add({ provider: 'modelverse', route: 'submit', kind: 'b64json', times: 'always' });
    // An async submit does not use the override up.
    await submit('modelverse');
    const r = await call(sim, 'modelverse', 'POST', '/v1/images/generations', {
      model: 'wan2.7-image',
      prompt: 'inline',
    });
    expect(r.status).toBe(200);
    const item = at(r.json, 'data', 0) as Record<string, unknown>;
    expect(item.url).toBeUndefined();
    const bytes = Buffer.from(String(item.b64_json), 'base64');
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('png');
    expect(sim.tasks.find((t) => t.mode === 'sync')?.urls).toHaveLength(1);
  });
});

describe('cost override: PoYo credits_amount as given', () => {
  async function finishedCredits(): Promise<{ raw: string; value: unknown }> {
    const id = await submit('poyo');
    // Not finished yet: the override waits for the answer that reports credits.
    expect(at((await status('poyo', id)).json, 'data', 'credits_amount')).toBeNull();
    finishAll(sim);
    const res = await fetch(`${sim.url}${statusPath('poyo', id)}`, {
      headers: { authorization: `Bearer ${sim.keys.poyo}` },
    });
    const raw = await res.text();
    return { raw, value: at(JSON.parse(raw) as unknown, 'data', 'credits_amount') };
  }

  it.each([[-100], ['NaN'], ['12.5 credits'], [1e300], [null]])('reports %s', async (value) => {
    sim.faults.add({ route: 'status', kind: 'cost', value, times: 'always' });
    expect((await finishedCredits()).value).toEqual(value);
  });

  it('raw writes a number JavaScript cannot hold: 1e999 parses as Infinity', async () => {
    sim.faults.add({ provider: 'poyo', route: 'status', kind: 'cost', value: '1e999', raw: true });
    const got = await finishedCredits();
    expect(got.raw).toContain('"credits_amount":1e999');
    expect(got.value).toBe(Infinity);
    // Used up by the one finished answer: the next reports the real price.
    expect((await finishedCredits()).value).toBe(4.2);
  });
});

describe('lost replies: processed, then the answer is dropped', () => {
  it.each(['apixo', 'modelverse'] as const)(
    '%s: a submit dropped after processing created one task; a resend creates a second, counted',
    async (p) => {
      sim.faults.add({ provider: p, route: 'submit', kind: 'drop', phase: 'after' });
      await expect(call(sim, p, 'POST', SUBMIT[p].path, SUBMIT[p].body)).rejects.toThrow();
      expect(sim.tasks).toHaveLength(1);
      await submit(p);
      const [a, b] = sim.tasks;
      expect(a?.fingerprint).toBe(b?.fingerprint);
      expect(sim.stats().creationsByFingerprint[a?.fingerprint ?? '']).toBe(2);
    },
  );

  it('a status reply dropped after processing still counts the poll', async () => {
    const id = await submit('poyo');
    sim.faults.add({ route: 'status', kind: 'drop', phase: 'after' });
    await expect(status('poyo', id)).rejects.toThrow();
    expect(sim.task(id)?.polls).toBe(1);
  });
});

describe('creation counts', () => {
  it('a PoYo replay with the same Idempotency-Key is not a second creation', async () => {
    const one = await submit('poyo', { 'idempotency-key': 'k-1' });
    expect(await submit('poyo', { 'idempotency-key': 'k-1' })).toBe(one);
    await submit('poyo', { 'idempotency-key': 'k-2' });
    const stats = sim.stats();
    expect(stats.creationsByIdempotencyKey).toEqual({ 'k-1': 1, 'k-2': 1 });
    expect(sim.task(one)).toMatchObject({ submits: 2, replays: 1 });
    // Same body under two keys: two paid tasks with one fingerprint.
    expect(Object.values(stats.creationsByFingerprint)).toEqual([2]);
  });
});

describe('the request log names the task', () => {
  it.each(['poyo', 'apixo', 'modelverse'] as const)(
    '%s: a submit records the task it created, a status the task it asked for',
    async (p) => {
      // Tasks stay unfinished, so the concurrency limit below holds whatever the load.
      sim.configure({ latencyMs: 60_000 });
      sim.faults.add({ provider: p, route: 'submit', kind: 'drop', phase: 'after' });
      await expect(call(sim, p, 'POST', SUBMIT[p].path, SUBMIT[p].body)).rejects.toThrow();
      const lost = sim.tasks[0]?.id;
      expect(sim.requests.at(-1)).toMatchObject({ route: 'submit', taskId: lost, status: null });
      const id = await submit(p);
      expect(sim.requests.at(-1)?.taskId).toBe(id);
      await status(p, id);
      expect(sim.requests.at(-1)).toMatchObject({ route: 'status', taskId: id });
      sim.configure({ concurrency: 1 });
      expect((await call(sim, p, 'POST', SUBMIT[p].path, SUBMIT[p].body)).status).toBe(429);
      expect(sim.requests.at(-1)?.taskId).toBeNull();
    },
  );
});

describe('fault validation names the field and the rule', () => {
  it.each([
    [{ route: 'submit', kind: 'notFound' }, /route: notFound applies to route "status" only/],
    [{ route: 'status', kind: 'cost' }, /value: is required for kind cost/],
    [
      { provider: 'apixo', route: 'status', kind: 'cost', value: 1 },
      /provider: cost applies to poyo/,
    ],
    [
      { route: 'status', kind: 'cost', value: 'NaN', raw: true },
      /raw: needs value to be a JSON number/,
    ],
    [{ route: 'status', kind: 'http500', value: 3 }, /value: applies to kind cost only/],
    [
      { route: 'submit', kind: 'http500', firstPolls: 2 },
      /firstPolls: applies to route "status" only/,
    ],
    [
      { provider: 'poyo', route: 'submit', kind: 'b64json' },
      /provider: b64json applies to modelverse/,
    ],
    [{ route: 'status', kind: 'notFound', firstPolls: 0 }, /firstPolls/],
  ])('refuses %j', async (spec, message) => {
    expect(() => sim.faults.add(spec as never)).toThrow(message);
    const res = await fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    expect(res.status).toBe(400);
    expect(String(at(await res.json(), 'error', 'message'))).toMatch(message);
  });

  it('takes the new kinds through the HTTP control surface', async () => {
    const res = await fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { route: 'status', kind: 'notFound', firstPolls: 1, times: 'always' },
        { route: 'status', kind: 'cost', value: -100, times: 'always' },
      ]),
    });
    expect(res.status).toBe(200);
    const id = await submit('poyo');
    expect((await status('poyo', id)).status).toBe(404);
    finishAll(sim);
    expect(at((await status('poyo', id)).json, 'data', 'credits_amount')).toBe(-100);
  });
});
