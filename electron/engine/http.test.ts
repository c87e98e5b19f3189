// The HTTP layer against real sockets on 127.0.0.1. The server here is a generic HTTP peer
// (status codes, hangs, redirects), not a provider: provider behaviour is tested against the
// simulator in providers/contract.test.ts.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Http,
  ProviderError,
  backoffDelay,
  parseRetryAfter,
  redact,
  withRetry,
  IMMEDIATE_RETRY,
} from './http';
import type { RetryPolicy } from './http';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;
let connections = 0;
const SERVICE = { name: 'Testprov', keyEnv: 'GENLOOM_TEST_API_KEY' };
const KEY = 'sk-super-secret-123456';
const MIB = 1024 * 1024;

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else json(res, 404, { error: { message: 'no route' } });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set('/ok', (_q, res) => json(res, 200, { hello: 'world' }));
  routes.set('/status', (req, res) => {
    const status = Number(new URL(req.url ?? '', base).searchParams.get('s'));
    json(
      res,
      status,
      { error: { message: `echo ${req.headers.authorization ?? ''}` } },
      { 'retry-after': '2' },
    );
  });
  routes.set('/hang', () => undefined);
  routes.set('/file', (req, res) => {
    const range = req.headers.range;
    if (range === 'bytes=3-') {
      res.writeHead(206, { 'content-range': 'bytes 3-9/10' });
      res.end('3456789');
    } else {
      res.writeHead(200, { 'content-length': '10' });
      res.end('0123456789');
    }
  });
  routes.set('/gone', (_q, res) => json(res, 410, { error: 'expired' }));
  routes.set('/redirect', (_q, res) => {
    // localhost is another origin than 127.0.0.1 for the same server.
    res.writeHead(302, { location: base.replace('127.0.0.1', 'localhost') + '/whoami' });
    res.end();
  });
  routes.set('/whoami', (req, res) => json(res, 200, { auth: req.headers.authorization ?? null }));
  // 9 MiB of JSON, chunked (no Content-Length): only counting the bytes can stop it.
  routes.set('/big', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = `"${'x'.repeat(1024 * 1024 - 3)}",`;
    res.write('[');
    for (let i = 0; i < 9; i++) res.write(chunk);
    res.end('0]');
  });
  // Announces 100 MiB, sends a little, then waits: the header alone is enough to refuse.
  routes.set('/announced', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * MIB) });
    res.write('{"data": "');
  });
  routes.set('/big-error', (_q, res) => {
    res.writeHead(429, { 'content-type': 'text/html', 'retry-after': '1' });
    res.end(`<html>${'slow down '.repeat(200_000)}</html>`);
  });
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

function caught(p: Promise<unknown>): Promise<ProviderError> {
  return p.then(
    () => {
      throw new Error('expected a ProviderError');
    },
    (err: unknown) => {
      if (err instanceof ProviderError) return err;
      throw err;
    },
  );
}

describe('Http.json', () => {
  it('returns the parsed body and reuses one keep-alive connection', async () => {
    const http = new Http({ connectionsPerOrigin: 1 });
    const before = connections;
    for (let i = 0; i < 3; i++) {
      const res = await http.json({ method: 'GET', url: `${base}/ok`, service: SERVICE });
      expect(res.body).toEqual({ hello: 'world' });
    }
    expect(connections - before).toBe(1);
    await http.close();
  });

  it.each([
    [401, 'bad_key', false],
    [402, 'no_balance', false],
    [403, 'forbidden', false],
    [404, 'not_found', false],
    [400, 'bad_request', false],
    [408, 'timeout', true],
    [429, 'rate_limited', true],
    [500, 'server_error', true],
    [502, 'server_error', true],
    [503, 'server_error', true],
    [504, 'server_error', true],
  ])('classifies HTTP %i as %s (retryable: %s)', async (status, code, retryable) => {
    const http = new Http({ secrets: [KEY] });
    const err = await caught(
      http.json({
        method: 'GET',
        url: `${base}/status?s=${status}`,
        service: SERVICE,
        headers: { authorization: `Bearer ${KEY}` },
        describeError: (body) => ({
          providerMessage: (body as { error: { message: string } }).error.message,
        }),
      }),
    );
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(retryable);
    expect(err.httpStatus).toBe(status);
    // The server echoed the Authorization header into its message: it must not survive.
    expect(err.message).not.toContain(KEY);
    expect(err.providerMessage).not.toContain(KEY);
    expect(err.message).toContain('Testprov');
    if (status === 401) expect(err.message).toContain('GENLOOM_TEST_API_KEY');
    if (retryable) expect(err.retryAfterMs).toBe(2000);
    await http.close();
  });

  it('times out a server that never answers, noting the request may have arrived', async () => {
    const http = new Http({ headersTimeoutMs: 200 });
    const err = await caught(
      http.json({ method: 'POST', url: `${base}/hang`, service: SERVICE, json: {} }),
    );
    expect(err.code).toBe('timeout');
    expect(err.retryable).toBe(true);
    expect(err.mayHaveReachedServer).toBe(true);
    await http.close();
  });

  it('knows a refused connection never reached the server', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const http = new Http();
    const err = await caught(
      http.json({ method: 'GET', url: `http://127.0.0.1:${port}/`, service: SERVICE }),
    );
    expect(err.code).toBe('network');
    expect(err.mayHaveReachedServer).toBe(false);
    expect(err.message).toContain('Testprov');
    await http.close();
  });

  it('refuses a JSON answer over 8 MiB, naming the service and the limit', async () => {
    const http = new Http();
    const err = await caught(http.json({ method: 'GET', url: `${base}/big`, service: SERVICE }));
    expect(err.code).toBe('bad_reply');
    expect(err.message).toBe(
      'Testprov answered with more than 8 MiB of JSON (a status or submit answer is a few KiB); Genloom stopped reading it.',
    );
    expect(err.mayHaveReachedServer).toBe(true);
    await http.close();
  });

  it('refuses at once an answer whose Content-Length passes the limit', async () => {
    const http = new Http();
    const started = Date.now();
    const err = await caught(
      http.json({ method: 'GET', url: `${base}/announced`, service: SERVICE }),
    );
    expect(err.code).toBe('bad_reply');
    expect(err.message).toMatch(/more than 8 MiB/);
    expect(Date.now() - started).toBeLessThan(2000);
    await http.close();
  });

  it('reads a larger answer where a call says it carries media inline', async () => {
    const http = new Http();
    const res = await http.json({
      method: 'POST',
      url: `${base}/big`,
      service: SERVICE,
      json: {},
      maxBytes: 16 * MIB,
    });
    expect((res.body as unknown[]).length).toBe(10);
    await http.close();
  });

  it('classifies an error answer by its status whatever the size of its page', async () => {
    const http = new Http();
    const err = await caught(
      http.json({ method: 'GET', url: `${base}/big-error`, service: SERVICE }),
    );
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(1000);
    await http.close();
  });

  it('sends a key over plain http only to this machine, never to another host', async () => {
    const http = new Http({ secrets: [KEY] });
    for (const url of ['http://example.com/v1/x', 'http://10.0.0.7:8080/v1/x']) {
      const err = await caught(
        http.json({
          method: 'POST',
          url,
          service: SERVICE,
          json: {},
          headers: { authorization: `Bearer ${KEY}` },
        }),
      );
      expect(err.code).toBe('bad_request');
      expect(err.retryable).toBe(false);
      expect(err.mayHaveReachedServer).toBe(false);
      expect(err.message).toBe(
        `Genloom did not send the Testprov key to ${new URL(url).host} over plain http: the base URL must use https (plain http only for 127.0.0.1 or localhost).`,
      );
    }
    // Loopback (the simulator, a local proxy) is fine, and so is plain http without a key.
    const res = await http.json({
      method: 'GET',
      url: `${base.replace('127.0.0.1', 'localhost')}/ok`,
      service: SERVICE,
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(res.body).toEqual({ hello: 'world' });
    await http.close();
  });

  it('reports cancellation as aborted', async () => {
    const http = new Http();
    const ctl = new AbortController();
    const p = caught(
      http.json({ method: 'GET', url: `${base}/hang`, service: SERVICE, signal: ctl.signal }),
    );
    setTimeout(() => ctl.abort(), 20);
    expect((await p).code).toBe('aborted');
    await http.close();
  });
});

describe('Http.stream', () => {
  it('streams a body and asks for a byte range', async () => {
    const http = new Http();
    const whole = await http.stream(`${base}/file`);
    expect(whole.status).toBe(200);
    expect(await whole.body.toArray().then((c) => Buffer.concat(c).toString())).toBe('0123456789');
    const part = await http.stream(`${base}/file`, { range: { start: 3 } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 3-9/10');
    expect(await part.body.toArray().then((c) => Buffer.concat(c).toString())).toBe('3456789');
    await http.close();
  });

  it('follows a redirect to another origin without the Authorization header', async () => {
    const http = new Http();
    const res = await http.stream(`${base}/redirect`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    const body = JSON.parse(Buffer.concat(await res.body.toArray()).toString()) as {
      auth: string | null;
    };
    expect(body.auth).toBeNull();
    expect(res.url).toContain('localhost');
    await http.close();
  });

  it('follows a redirect to a server on another port, which never sees the key', async () => {
    // Two servers, two origins: the first sends every request on to the second.
    const seen: string[] = [];
    const second = createServer((req, res) => {
      seen.push(JSON.stringify([req.url, req.rawHeaders]));
      res.writeHead(200, { 'content-length': '2' });
      res.end('ok');
    });
    await new Promise<void>((r) => second.listen(0, '127.0.0.1', r));
    const secondBase = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
    const first = createServer((req, res) => {
      res.writeHead(307, { location: `${secondBase}/file${req.url ?? ''}` });
      res.end();
    });
    await new Promise<void>((r) => first.listen(0, '127.0.0.1', r));
    const firstBase = `http://127.0.0.1:${(first.address() as AddressInfo).port}`;
    const http = new Http({ secrets: [KEY] });
    try {
      const res = await http.stream(`${firstBase}/result.png`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(Buffer.concat(await res.body.toArray()).toString()).toBe('ok');
      expect(res.url).toBe(`${secondBase}/file/result.png`);
      expect(seen).toHaveLength(1);
      expect(seen[0]).not.toMatch(/authorization/i);
      expect(seen[0]).not.toContain(KEY);
    } finally {
      await http.close();
      await Promise.all([first, second].map((s) => new Promise((r) => s.close(r))));
    }
  });

  it('keeps the Authorization header on a redirect within one origin', async () => {
    const http = new Http();
    routes.set('/same', (_q, res) => {
      res.writeHead(302, { location: '/whoami' });
      res.end();
    });
    const res = await http.stream(`${base}/same`, { headers: { authorization: 'Bearer abc' } });
    const body = JSON.parse(Buffer.concat(await res.body.toArray()).toString()) as object;
    expect(body).toEqual({ auth: 'Bearer abc' });
    expect(res.url).toBe(`${base}/whoami`);
    await http.close();
  });

  it('reports a gone result URL as expired', async () => {
    const http = new Http();
    const err = await caught(http.stream(`${base}/gone`));
    expect(err.code).toBe('expired');
    expect(err.message).toMatch(/expire/);
    await http.close();
  });
});

describe('retry', () => {
  const fail = (status: number, retryAfterMs?: number): ProviderError =>
    new ProviderError({
      code: status === 429 ? 'rate_limited' : status >= 500 ? 'server_error' : 'bad_request',
      message: 'x',
      retryable: status >= 500 || status === 429,
      mayHaveReachedServer: true,
      httpStatus: status,
      retryAfterMs,
    });

  it('retries retryable errors until success', async () => {
    let calls = 0;
    const value = await withRetry(async () => {
      calls++;
      if (calls < 3) throw fail(503);
      return 'done';
    }, IMMEDIATE_RETRY);
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('never retries a fatal error', async () => {
    let calls = 0;
    const err = await caught(
      withRetry(async () => {
        calls++;
        throw fail(400);
      }, IMMEDIATE_RETRY),
    );
    expect(err.httpStatus).toBe(400);
    expect(calls).toBe(1);
  });

  it('waits what Retry-After says, and gives up when it asks for too long', async () => {
    const waits: number[] = [];
    const policy: RetryPolicy = {
      ...IMMEDIATE_RETRY,
      maxRetryAfterMs: 5000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    };
    let calls = 0;
    await withRetry(async () => {
      calls++;
      if (calls === 1) throw fail(429, 3000);
      return 1;
    }, policy);
    expect(waits).toEqual([3000]);
    const err = await caught(withRetry(async () => Promise.reject(fail(429, 60_000)), policy));
    expect(err.code).toBe('rate_limited');
  });

  it('stops after maxAttempts', async () => {
    let calls = 0;
    await caught(
      withRetry(
        async () => {
          calls++;
          throw fail(500);
        },
        { ...IMMEDIATE_RETRY, maxAttempts: 4 },
      ),
    );
    expect(calls).toBe(4);
  });

  it('uses full jitter under an exponential cap', () => {
    const policy: RetryPolicy = { ...IMMEDIATE_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, { ...policy, random: () => 0.999 }, undefined)).toBe(99);
    expect(backoffDelay(3, { ...policy, random: () => 0.5 }, undefined)).toBe(200);
    expect(backoffDelay(10, { ...policy, random: () => 0.999 }, undefined)).toBe(999);
    expect(backoffDelay(10, { ...policy, random: () => 0 }, undefined)).toBe(0);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('redacts bearer tokens and known secrets', () => {
    expect(redact(`auth Bearer ${KEY} and ${KEY}`, [KEY])).toBe(
      'auth Bearer [redacted] and [redacted]',
    );
  });
});
