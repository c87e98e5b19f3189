// `npm start [-- --demo]`: the desktop app where Electron can run; otherwise the browser version
// (the bridge), whose address is printed where it cannot be missed. The renderer is rebuilt
// when its sources are newer than the build, so a pull never serves yesterday's UI.
//
// Electron 44+ downloads its binary on first use, not at install. It is fetched once here; a
// failed download is remembered (beside the package), so a machine that cannot reach the
// download is told once, in words, and not made to wait on every start. It is tried again after
// a day, or at once with GENLOOM_RETRY_ELECTRON=1.
//
// Environment: GENLOOM_ELECTRON_DIR (where the electron package is; default
// node_modules/electron), GENLOOM_SKIP_BUILD=1 (serve what is built; tests, read-only trees).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const RETRY_AFTER_MS = 24 * 60 * 60_000;
const MARKER = '.genloom-download-failed.json';

/**
 * The Electron executable, or why there is none (`downloadable` when fetching it may help).
 * @param {{ electronDir: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform }} where
 * @returns {{ executable: string } | { reason: string, downloadable: boolean }}
 */
export function findElectron({ electronDir, env, platform }) {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(join(electronDir, 'package.json'))) {
    return { reason: 'Electron is not installed (run npm install)', downloadable: false };
  }
  if (!existsSync(pathFile)) {
    return { reason: 'its Electron binary is not on this machine', downloadable: true };
  }
  const executable = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) {
    return { reason: `its Electron binary is missing (${executable})`, downloadable: true };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'this machine has no display (DISPLAY is not set)', downloadable: false };
  }
  return { executable };
}

/**
 * The remembered failed download, when it is recent enough to not try again.
 * @returns {string | null} why it failed, in words
 */
export function recentDownloadFailure(electronDir, env, now = Date.now()) {
  if (env.GENLOOM_RETRY_ELECTRON === '1') return null;
  try {
    const seen = JSON.parse(readFileSync(join(electronDir, MARKER), 'utf8'));
    return now - seen.at < RETRY_AFTER_MS ? String(seen.reason) : null;
  } catch {
    return null;
  }
}

/** A download error in words; the installer's own first line only when it is not a known one. */
export function downloadFailureInWords(stderr) {
  if (
    /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo/i.test(
      stderr,
    )
  ) {
    return 'its download server cannot be reached from this machine';
  }
  const first = stderr.split('\n').find((line) => line.trim() !== '');
  return first ? `its download failed (${first.trim().slice(0, 200)})` : 'its download failed';
}

/** Runs the electron package's installer once; remembers a failure. Null when it worked. */
function downloadElectron(electronDir) {
  console.log('Getting the desktop app ready: downloading Electron (done once)...');
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10 * 60_000,
    encoding: 'utf8',
  });
  if (fetched.status === 0) return null;
  const reason = downloadFailureInWords(`${fetched.stderr ?? ''}${fetched.error?.message ?? ''}`);
  try {
    writeFileSync(join(electronDir, MARKER), JSON.stringify({ at: Date.now(), reason }));
  } catch {
    // A read-only install: it is tried again next time, which is all that is lost.
  }
  return reason;
}

/** The newest modification time under `path` (files only; node_modules skipped). */
function newestMtime(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/**
 * Whether the built renderer is missing or older than anything it is built from.
 * @param {{ sources: string[], built: string }} paths
 */
export function rendererStale({ sources, built }) {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => newestMtime(source) > builtAt);
}

const RENDERER_SOURCES = ['renderer', 'shared', 'electron.vite.config.ts', 'package.json'];

function build(why) {
  console.log(`${why}: building it (electron-vite build, about a minute)...`);
  return spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' }).status === 0;
}

function run(command, commandArgs, { onLine } = {}) {
  const child = spawn(command, commandArgs, {
    cwd: root,
    stdio: ['inherit', onLine ? 'pipe' : 'inherit', 'inherit'],
  });
  if (onLine) createInterface({ input: child.stdout }).on('line', onLine);
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The bridge's address line becomes a block that stands out; other lines pass through. */
export function bridgeLine(line) {
  const url = /^Genloom is running at (\S+)/.exec(line)?.[1];
  return url
    ? ['', '  Genloom is running in your browser at:', '', `      ${url}`, ''].join('\n')
    : line;
}

function main() {
  const args = process.argv.slice(2);
  const env = process.env;
  const electronDir = env.GENLOOM_ELECTRON_DIR || join(root, 'node_modules', 'electron');
  let electron = findElectron({ electronDir, env, platform: process.platform });
  if (!electron.executable && electron.downloadable) {
    const earlier = recentDownloadFailure(electronDir, env);
    const failure = earlier ?? downloadElectron(electronDir);
    electron = failure
      ? {
          reason:
            failure + (earlier ? ' (tried earlier; GENLOOM_RETRY_ELECTRON=1 tries again now)' : ''),
        }
      : findElectron({ electronDir, env, platform: process.platform });
  }
  if (electron.executable) {
    if (env.GENLOOM_SKIP_BUILD !== '1' && !build('Preparing the desktop app')) process.exit(1);
    run(electron.executable, ['.', ...args]);
    return;
  }
  console.log(
    `The desktop app is not available here: ${electron.reason}. The browser version is served instead.`,
  );
  const sources = RENDERER_SOURCES.map((p) => join(root, p));
  const built = join(root, 'out', 'renderer', 'index.html');
  if (env.GENLOOM_SKIP_BUILD !== '1' && rendererStale({ sources, built })) {
    const had = existsSync(built);
    if (
      !build(
        had
          ? 'The browser version is older than its sources'
          : 'The browser version is not built yet',
      )
    ) {
      if (!had) process.exit(1);
      console.log('The build failed (see above); serving the previous build.');
    }
  }
  run(bin('tsx'), [join(root, 'electron', 'bridge', 'main.ts'), ...args], {
    onLine: (line) => console.log(bridgeLine(line)),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
