// The browser bridge as an app: the shared host (engine, vault, demo mode) behind the bridge
// server. Keys come from the environment or from the vault file, decrypted with the local key
// (a key saved by the desktop app with the OS keychain cannot be read here, and says so).
// The token and port are kept per home, so a restart keeps the URL an open tab has; switching
// between the demo and the live history restarts the host behind the same URL.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { makeEngine } from '../engine/api/engine-adapter';
import { startHost } from '../engine/api/host';
import type { Host } from '../engine/api/host';
import type { Platform } from '../engine/api/platform';
import { createLocalKeyCipher } from '../engine/vault/cipher';
import { createLogger } from '../engine/vault/redact';
import type { Logger } from '../engine/vault/redact';
import { createVault } from '../engine/vault/vault';
import { startBridge } from './server';
import type { Bridge, BridgeOptions } from './server';
import { loadBridgeSession, saveBridgeSession } from './session-file';

/** Files a browser drops or picks are stored here (the browser cannot name their paths). */
export const UPLOADS_FOLDER = 'uploads';

export interface BridgeAppOptions {
  home: string;
  rendererDir: string;
  /** 0 or absent: the port this home used last when it is free, else any free one. */
  port?: number;
  demo: 'on' | 'auto' | 'off';
  version: string;
  env?: Readonly<Record<string, string | undefined>>;
  validateOutput?: boolean;
  demoLatencyMs?: number;
  log?: Logger;
  /** After a switch between the demo and the live history (the URL may have changed). */
  onRestarted?(app: BridgeApp): void;
}

export interface BridgeApp {
  readonly bridge: Bridge;
  readonly host: Host;
  /** Restarts on the demo or the live history, behind the same token (and port if free). */
  switchHistory(demo: boolean): Promise<void>;
  close(): Promise<void>;
}

export function bridgePlatform(log: Logger): Platform {
  return {
    shell: 'bridge',
    // The page hears notification.shown; the terminal gets a line too.
    notify: (title, body) => log.info(`${title}: ${body}`),
  };
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

/** Listens on `preferred` when given, falling back to any free port when it is taken. */
async function listen(options: BridgeOptions, preferred: number | null): Promise<Bridge> {
  if (preferred !== null) {
    try {
      return await startBridge({ ...options, port: preferred });
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
    }
  }
  return startBridge({ ...options, port: 0 });
}

export async function startBridgeApp(options: BridgeAppOptions): Promise<BridgeApp> {
  if (!existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new Error(
      `the renderer is not built (${options.rendererDir} has no index.html): run npm run build`,
    );
  }
  const log = options.log ?? createLogger('bridge');
  const vault = createVault({
    file: path.join(options.home, 'keys.json'),
    cipher: createLocalKeyCipher(path.join(options.home, 'vault.key')),
    env: options.env ?? process.env,
  });
  const session = loadBridgeSession(options.home);
  let switching: Promise<void> = Promise.resolve();

  const platform: Platform = {
    ...bridgePlatform(log),
    switchHistory: (demo) => {
      switching = switching.then(() => app.switchHistory(demo));
      switching.catch((error: unknown) => {
        log.error('Genloom could not switch history', { error: String(error) });
      });
    },
  };
  const open = async (demo: BridgeAppOptions['demo'], port: number | null) => {
    const host = await startHost({
      home: options.home,
      version: options.version,
      vault,
      platform,
      demo,
      log,
      makeEngine,
      demoLatencyMs: options.demoLatencyMs,
    });
    try {
      const bridge = await listen(
        {
          handlers: host.handlers,
          bus: host.bus,
          media: host.mediaFiles,
          rendererDir: options.rendererDir,
          token: session.token,
          uploadDir: path.join(options.home, UPLOADS_FOLDER),
          validateOutput: options.validateOutput ?? false,
          log,
        },
        port,
      );
      if (bridge.port !== session.port) {
        session.port = bridge.port;
        saveBridgeSession(options.home, session);
      }
      return { host, bridge };
    } catch (error) {
      await host.close();
      throw error;
    }
  };

  let current = await open(options.demo, options.port ? options.port : session.port);
  const app: BridgeApp = {
    get bridge() {
      return current.bridge;
    },
    get host() {
      return current.host;
    },
    async switchHistory(demo) {
      const port = current.bridge.port;
      const previous = current.host.demo ? 'on' : 'off';
      await current.bridge.close();
      await current.host.close();
      try {
        current = await open(demo ? 'on' : 'off', port);
      } catch (error) {
        // Never left with nothing: back on the history that was open, then say why.
        current = await open(previous, port);
        throw error;
      } finally {
        options.onRestarted?.(app);
      }
    },
    async close() {
      await switching.catch(() => undefined);
      await current.bridge.close();
      await current.host.close();
    },
  };
  return app;
}
