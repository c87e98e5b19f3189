// Test helper: the real host (engine, store, vault, bus, handlers) in a temp home, against the
// provider simulator on 127.0.0.1. Used by the API tests and the bridge tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Channel, Input } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/envelope';
import type { EventName, EventPayload } from '../../../shared/ipc/events';
import { createEngine } from '../engine';
import { DEFAULT_RETRY } from '../retry';
import { createLocalKeyCipher } from '../vault/cipher';
import { createLogger } from '../vault/redact';
import { createVault } from '../vault/vault';
import type { KeyVault } from '../vault/vault';
import { dispatch } from './dispatch';
import { adaptEngine } from './engine-adapter';
import { startHost } from './host';
import type { Host } from './host';
import type { Platform } from './platform';

export interface TestHost {
  home: string;
  host: Host;
  vault: KeyVault;
  logs: string[];
  notifications: string[];
  events: { name: EventName; payload: EventPayload<EventName> }[];
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Envelope<unknown>>;
  /** Any channel, any payload: what a hostile or broken caller sends. */
  raw(channel: unknown, input: unknown): Promise<Envelope<unknown>>;
  close(): Promise<void>;
}

export async function startTestHost(
  options: {
    demo?: 'on' | 'off';
    env?: Record<string, string>;
    platform?: Partial<Platform>;
    /** A home prepared by the test (removed at close like a fresh one). */
    home?: string;
  } = {},
): Promise<TestHost> {
  const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'genloom-host-'));
  const logs: string[] = [];
  const notifications: string[] = [];
  const log = createLogger('test', (line) => logs.push(line));
  const vault = createVault({
    file: path.join(home, 'keys.json'),
    cipher: createLocalKeyCipher(path.join(home, 'vault.key')),
    env: options.env ?? {},
  });
  const host = await startHost({
    home,
    version: '0.0.0-test',
    vault,
    platform: {
      shell: 'bridge',
      notify: (title, body) => notifications.push(`${title}: ${body}`),
      ...options.platform,
    },
    demo: options.demo ?? 'on',
    log,
    demoLatencyMs: 40,
    makeEngine: ({ home: engineHome, providers }) =>
      adaptEngine(
        createEngine({
          home: engineHome,
          providers,
          pollMs: 20,
          retry: { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 20 },
          // A host waiting for another process's lease notices its end quickly.
          lease: { heartbeatMs: 20 },
        }),
      ),
  });
  const events: TestHost['events'] = [];
  host.bus.subscribe((name, payload) => events.push({ name, payload }));
  const raw = (channel: unknown, input: unknown) =>
    dispatch(host.handlers, channel, input, { shell: 'bridge' }, { validateOutput: true, log });
  return {
    home,
    host,
    vault,
    logs,
    notifications,
    events,
    call: (channel, input) => raw(channel, input),
    raw,
    async close() {
      await host.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` returns a value (polling every few ms), or fails after `limitMs`. */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  limitMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
