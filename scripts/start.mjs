// `npm start [-- --demo]`: the desktop app where Electron can run; otherwise the browser bridge.
// The Electron binary is looked up on disk: require('electron') would try to download it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** The Electron executable, or why there is none. */
function findElectron() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'the Electron binary was not downloaded' };
  const executable = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) return { reason: `${executable} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { executable };
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * Electron 44+ downloads its binary on first use, not at install. Fetch it now, once, so a
 * user's machine gets the desktop app; where the download cannot happen (no network, a
 * registry-only mirror) it fails fast and the bridge takes over.
 */
function fetchElectron() {
  const install = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(install)) return 'electron is not installed (run npm install)';
  console.log('Downloading the Electron binary (first start only)...');
  const fetched = spawnSync(process.execPath, [install], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: 10 * 60_000,
    encoding: 'utf8',
  });
  if (fetched.status === 0) return null;
  const firstLine = (fetched.stderr ?? '').split('\n').find((line) => line.trim() !== '');
  return `the download failed${firstLine ? `: ${firstLine.trim()}` : ''}`;
}

let electron = findElectron();
if (!electron.executable && electron.reason === 'the Electron binary was not downloaded') {
  const failure = fetchElectron();
  electron = failure
    ? { reason: `the Electron binary could not be downloaded (${failure})` }
    : findElectron();
}
if (electron.executable) {
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(electron.executable, ['.', ...args]);
} else {
  console.log(
    `Electron is not available on this machine (${electron.reason}); starting the browser bridge instead.`,
  );
  run(bin('tsx'), [join(root, 'electron', 'bridge', 'main.ts'), ...args]);
}
