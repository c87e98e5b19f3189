// Starts the real browser bridge (engine, store, demo simulator) in the test process, and makes
// the folder of images a new user would drop. Nothing here stands in for Genloom itself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startBridgeApp } from '../../../electron/bridge/app';
import type { BridgeApp } from '../../../electron/bridge/app';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');

/** Builds the renderer once per run unless a build is there and GENLOOM_E2E_REBUILD is unset. */
export function ensureRendererBuilt(): void {
  if (existsSync(path.join(RENDERER_DIR, 'index.html')) && !process.env.GENLOOM_E2E_REBUILD) return;
  const bin = path.join(ROOT, 'node_modules', '.bin', 'electron-vite');
  const result = spawnSync(bin, ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('electron-vite build failed');
}

export interface Session {
  readonly home: string;
  url: string;
  app: BridgeApp;
  /** Stops the bridge and starts it again on the same home (database and outputs). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const version = (): string =>
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;

export async function startSession(opts: { demoLatencyMs?: number } = {}): Promise<Session> {
  const home = mkdtempSync(path.join(tmpdir(), 'genloom-e2e-'));
  const start = () =>
    startBridgeApp({
      home,
      rendererDir: RENDERER_DIR,
      port: 0,
      demo: 'on',
      version: version(),
      // Keys from the developer's shell must not leak into a demo run.
      env: {},
      demoLatencyMs: opts.demoLatencyMs ?? 400,
      validateOutput: true,
    });
  let app = await start();
  const session: Session = {
    home,
    url: `${app.bridge.url}&e2e=1`,
    app,
    async restart() {
      await app.close();
      app = await start();
      session.app = app;
      session.url = `${app.bridge.url}&e2e=1`;
    },
    async close() {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
  return session;
}

export interface ImageSpec {
  rel: string;
  width: number;
  height: number;
  color: { r: number; g: number; b: number };
}

/** Writes real PNGs (so thumbnails, sha256 and limits are real) under a new folder. */
export async function makeImageFolder(root: string, images: readonly ImageSpec[]): Promise<string> {
  const dir = path.join(root, 'photos');
  for (const image of images) {
    const file = path.join(dir, image.rel);
    mkdirSync(path.dirname(file), { recursive: true });
    await sharp({
      create: { width: image.width, height: image.height, channels: 3, background: image.color },
    })
      .png()
      .toFile(file);
  }
  return dir;
}
