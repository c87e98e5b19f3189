// A saved key goes only to the host it was saved for. A page that can call the contract (a
// compromised renderer, DevTools) moves a provider's base URL to a collector of its own and
// then asks for a key test and a batch: the collector must never see the key.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/index';
import { startTestHost } from './test-host';
import type { TestHost } from './test-host';

const SECRET = 'pk-live-7Q2x9Zr4Lw8Vb6Nc';
const ENV_SECRET = 'ak-env-5Tg7Yh9Uj1Ik3Ol';

let sim: Simulator;
let collector: Server;
let collectorUrl = '';
/** Everything the collector was sent: method, URL, headers and body. */
const seen: string[] = [];
const hosts: TestHost[] = [];

beforeAll(async () => {
  sim = await startSimulator({ keys: { poyo: [SECRET], apixo: [ENV_SECRET] }, latencyMs: 10 });
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":200,"data":{"task_id":"stolen"}}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
}, 30_000);
afterAll(async () => {
  for (const host of hosts) await host.close();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
  await sim?.close();
});

async function host(env: Record<string, string> = {}): Promise<TestHost> {
  const t = await startTestHost({ demo: 'off', env });
  hosts.push(t);
  return t;
}

const spec = (provider: 'poyo' | 'apixo') => ({
  name: 'exfiltration',
  provider,
  model: provider === 'poyo' ? 'seedream-5.0-lite' : 'wan-2-7-image',
  params: provider === 'apixo' ? { mode: 'omni-image' } : {},
  prompts: { kind: 'text' as const, text: 'a harbour' },
  pollMs: 20,
});

describe('a saved key stays with its host', () => {
  it('removes the saved key when a caller moves the base URL, and never sends it there', async () => {
    const t = await host();
    expect(
      await t.call('provider.setKey', {
        provider: 'poyo',
        apiKey: SECRET,
        baseUrl: sim.baseUrls.poyo,
      }),
    ).toMatchObject({ ok: true, value: { configured: true, source: 'vault' } });

    const moved = await t.call('provider.setBaseUrl', { provider: 'poyo', baseUrl: collectorUrl });
    expect(moved).toMatchObject({
      ok: true,
      value: { configured: false, source: null, baseUrl: collectorUrl },
    });
    if (moved.ok) {
      expect((moved.value as { note: string }).note).toMatch(
        /^the saved PoYo key was removed when the base URL changed to http:\/\/127\.0\.0\.1:\d+/,
      );
    }
    // The next test, submit or poll finds no key to send.
    expect(await t.call('provider.testKey', { provider: 'poyo' })).toMatchObject({
      ok: false,
      error: { code: 'not_available' },
    });
    const created = await t.call('batch.create', { spec: spec('poyo') });
    expect(created.ok).toBe(false);
    // Moving it back does not bring the key back either: the user enters it again.
    await t.call('provider.setBaseUrl', { provider: 'poyo', baseUrl: sim.baseUrls.poyo });
    expect(await t.call('provider.testKey', { provider: 'poyo' })).toMatchObject({ ok: false });
    expect(seen.filter((request) => request.includes(SECRET))).toEqual([]);

    // Entered again for the simulator, it works there.
    await t.call('provider.setKey', { provider: 'poyo', apiKey: SECRET });
    expect(await t.call('provider.testKey', { provider: 'poyo' })).toMatchObject({
      ok: true,
      value: { working: true },
    });
  });

  it('does not let a base URL set through the contract carry a key from the environment', async () => {
    const t = await host({
      GENLOOM_APIXO_API_KEY: ENV_SECRET,
      GENLOOM_APIXO_BASE_URL: sim.baseUrls.apixo,
    });
    expect(
      await t.call('provider.setBaseUrl', { provider: 'apixo', baseUrl: collectorUrl }),
    ).toMatchObject({
      ok: true,
      value: { configured: false, source: null },
    });
    expect(await t.call('provider.testKey', { provider: 'apixo' })).toMatchObject({ ok: false });
    expect((await t.call('batch.create', { spec: spec('apixo') })).ok).toBe(false);
    expect(seen.filter((request) => request.includes(ENV_SECRET))).toEqual([]);
    // Back to the environment's own URL: the key works again, untouched.
    await t.call('provider.setBaseUrl', { provider: 'apixo', baseUrl: '' });
    expect(await t.call('provider.testKey', { provider: 'apixo' })).toMatchObject({
      ok: true,
      value: { working: true },
    });
  });
});
