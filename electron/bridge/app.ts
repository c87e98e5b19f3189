// The browser bridge as an app: the shared host (engine, vault, demo mode) behind the bridge
// server. Keys come from the environment or from the vault file, decrypted with the local key
// (a key saved by the desktop app with the OS keychain cannot be read here, and says so).
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
import type { Bridge } from './server';

export interface BridgeAppOptions {
  home: string;
  rendererDir: string;
  port?: number;
  demo: 'on' | 'auto' | 'off';
  version: string;
  env?: Readonly<Record<string, string | undefined>>;
  validateOutput?: boolean;
  demoLatencyMs?: number;
  log?: Logger;
}

export interface BridgeApp {
  readonly bridge: Bridge;
  readonly host: Host;
  close(): Promise<void>;
}

export function bridgePlatform(log: Logger): Platform {
  return {
    shell: 'bridge',
    // The page hears notification.shown; the terminal gets a line too.
    notify: (title, body) => log.info(`${title}: ${body}`),
  };
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
  const host = await startHost({
    home: options.home,
    version: options.version,
    vault,
    platform: bridgePlatform(log),
    demo: options.demo,
    log,
    makeEngine,
    demoLatencyMs: options.demoLatencyMs,
  });
  try {
    const bridge = await startBridge({
      handlers: host.handlers,
      bus: host.bus,
      media: host.mediaFiles,
      rendererDir: options.rendererDir,
      port: options.port ?? 0,
      validateOutput: options.validateOutput ?? false,
      log,
    });
    return {
      bridge,
      host,
      async close() {
        await bridge.close();
        await host.close();
      },
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}
