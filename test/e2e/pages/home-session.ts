// A Genloom home as a newcomer meets it: `npm run web` in 'auto' mode (demo until a key is
// saved), restarted on the same home like a user stops and starts it again. The real bridge
// app, engine, store and simulator; keys are saved through Settings, never from here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBridgeApp } from '../../../electron/bridge/app';
import type { BridgeApp } from '../../../electron/bridge/app';
import { RENDERER_DIR, ROOT } from './bridge-session';

export interface HomeSession {
  readonly home: string;
  app: BridgeApp;
  /** The URL npm run web prints (with ?e2e=1 so a test can call the contract). */
  readonly url: string;
  /** Stops Genloom and starts it again on the same home, as `npm run web` would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const version = (): string =>
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;

export async function startHomeSession(opts: { demoLatencyMs: number }): Promise<HomeSession> {
  const home = mkdtempSync(path.join(tmpdir(), 'genloom-e2e-home-'));
  const start = () =>
    startBridgeApp({
      home,
      rendererDir: RENDERER_DIR,
      demo: 'auto',
      version: version(),
      // Keys from the developer's shell must not leak in: only what Settings saves counts.
      env: {},
      demoLatencyMs: opts.demoLatencyMs,
      validateOutput: true,
    });
  let app = await start();
  const session: HomeSession = {
    home,
    app,
    get url() {
      return `${app.bridge.url}&e2e=1`;
    },
    async restart() {
      await app.close();
      app = await start();
      session.app = app;
    },
    async close() {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
  return session;
}
