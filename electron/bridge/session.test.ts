// A restart of the bridge keeps the URL an open tab holds (token and port per home, in a file
// only its owner reads), and a switch between the demo and the live history happens behind
// that same URL.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../engine/vault/redact';
import { startBridgeApp } from './app';
import type { BridgeApp } from './app';
import { SESSION_FILE, loadBridgeSession } from './session-file';

let home: string;
let rendererDir: string;
let logs: string[];
const apps: BridgeApp[] = [];

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'genloom-session-'));
  rendererDir = mkdtempSync(path.join(tmpdir(), 'genloom-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Genloom</title>');
  logs = [];
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

async function start(demo: 'on' | 'auto' = 'on'): Promise<BridgeApp> {
  const app = await startBridgeApp({
    home,
    rendererDir,
    demo,
    version: '0.0.0-test',
    env: {},
    demoLatencyMs: 40,
    validateOutput: true,
    log: createLogger('test', (line) => logs.push(line)),
  });
  apps.push(app);
  return app;
}

/** One call over a fresh socket; rejects when the socket is refused. */
function callOnce(url: string, channel: string, input: unknown = {}): Promise<unknown> {
  const target = new URL(url);
  const ws = new WebSocket(
    `ws://${target.host}/ws?token=${encodeURIComponent(target.searchParams.get('token') ?? '')}`,
  );
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, channel, input })));
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; envelope?: unknown };
      if (message.type !== 'result') return;
      ws.close();
      resolve(message.envelope);
    });
  });
}

describe('the bridge session per home', () => {
  it('keeps the token and port across a restart, in a file only its owner reads', async () => {
    const first = await start();
    const url = first.bridge.url;
    await first.close();
    apps.pop();
    const second = await start();
    expect(second.bridge.url).toBe(url);
    await expect(callOnce(url, 'app.info')).resolves.toMatchObject({ ok: true });

    const file = path.join(home, SESSION_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(second.bridge.token);
    // Never in a log.
    expect(logs.join('\n')).not.toContain(second.bridge.token);
  });

  it('replaces a token others could read, and an unreadable file', () => {
    const first = loadBridgeSession(home);
    const file = path.join(home, SESSION_FILE);
    chmodSync(file, 0o644);
    const second = loadBridgeSession(home);
    expect(second.token).not.toBe(first.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'not json', { mode: 0o600 });
    expect(loadBridgeSession(home).token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('takes another port when the remembered one is taken, keeping the token', async () => {
    const first = await start();
    // The first app still holds its port: a second bridge on the same home cannot have it.
    const second = await start();
    expect(second.bridge.port).not.toBe(first.bridge.port);
    expect(second.bridge.token).toBe(first.bridge.token);
  });
});

describe('switching history', () => {
  it('reopens on the other history behind the same URL, and says what the first holds', async () => {
    const app = await start('on');
    const url = app.bridge.url;
    expect(app.host.demo).toBe(true);
    const created = (await callOnce(url, 'batch.create', {
      spec: {
        name: 'demo kites',
        provider: 'poyo',
        model: 'seedream-5.0-lite',
        prompts: { kind: 'text', text: 'a kite' },
        pollMs: 20,
      },
    })) as { ok: boolean };
    expect(created.ok).toBe(true);

    await app.switchHistory(false);
    expect(app.host.demo).toBe(false);
    expect(app.bridge.url).toBe(url);
    const info = (await callOnce(url, 'app.info')) as {
      ok: true;
      value: { demo: boolean; otherHistory: { demo: boolean; batches: number } | null };
    };
    expect(info.value.demo).toBe(false);
    expect(info.value.otherHistory).toMatchObject({ demo: true, batches: 1 });

    await app.switchHistory(true);
    const list = (await callOnce(url, 'batch.list')) as {
      ok: true;
      value: { batches: { name: string }[] };
    };
    expect(list.value.batches.map((b) => b.name)).toEqual(['demo kites']);
  });
});
