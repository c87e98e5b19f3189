// `npm start` (scripts/start.mjs) where the desktop app cannot run: said once, in words, the
// browser version's address printed where it cannot be missed, a failed Electron download not
// retried on every start, and a renderer older than its sources rebuilt. Nothing is downloaded:
// the Electron package is a stand-in whose installer fails the way an offline one does.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START = path.join(ROOT, 'scripts', 'start.mjs');

interface StartModule {
  rendererStale(paths: { sources: string[]; built: string }): boolean;
  downloadFailureInWords(stderr: string): string;
  bridgeLine(line: string): string;
}

let dir: string;
let start: StartModule;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-start-'));
  // A computed specifier: the script is plain JavaScript with no type declarations.
  start = (await import(pathToFileURL(START).href)) as StartModule;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An electron package without its binary, whose installer fails as offline and counts runs. */
function fakeElectron(name: string): { electronDir: string; runs: () => number } {
  const electronDir = path.join(dir, name, 'electron');
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(path.join(electronDir, 'package.json'), '{"name":"electron"}');
  const count = path.join(dir, name, 'runs');
  writeFileSync(
    path.join(electronDir, 'install.js'),
    `require('node:fs').appendFileSync(${JSON.stringify(count)}, 'x');
process.stderr.write('TypeError: fetch failed\\n    at node:internal/deps/undici\\n');
process.exit(1);`,
  );
  return {
    electronDir,
    runs: () => (existsSync(count) ? readFileSync(count, 'utf8').length : 0),
  };
}

/** Runs `npm start` until the address is printed, then stops it as Ctrl+C would. */
function npmStart(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [START, '--port', '0', '--home', path.join(dir, 'home')],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/Press Ctrl\+C to stop/.test(stdout)) child.kill('SIGINT');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
  });
}

describe('npm start without the desktop app', { timeout: 90_000 }, () => {
  it.skipIf(!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html')))(
    'says once, in words, that the browser version is served, prints its address, and does not retry the download',
    async () => {
      const { electronDir, runs } = fakeElectron('offline');
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
      Object.assign(env, { GENLOOM_ELECTRON_DIR: electronDir, GENLOOM_SKIP_BUILD: '1' });
      delete env['GENLOOM_RETRY_ELECTRON'];
      for (const round of [1, 2]) {
        const { stdout, stderr } = await npmStart(env);
        const all = stdout + stderr;
        expect(all).not.toMatch(/TypeError|fetch failed/);
        expect(all.match(/The desktop app is not available here/g)).toHaveLength(1);
        expect(all).toMatch(/its download server cannot be reached from this machine/);
        expect(all).toMatch(/The browser version is served instead/);
        expect(stdout).toMatch(/\n {6}http:\/\/127\.0\.0\.1:\d+\/\S*\n/);
        // Tried on the first start only; the second one remembers and says how to retry.
        expect(runs()).toBe(1);
        if (round === 1) expect(all).toMatch(/downloading Electron \(done once\)/);
        else {
          expect(all).not.toMatch(/downloading Electron/);
          expect(all).toMatch(/GENLOOM_RETRY_ELECTRON=1/);
        }
      }
    },
  );

  it('a download error reads in words; the address line stands out', () => {
    expect(start.downloadFailureInWords('TypeError: fetch failed\n    at undici')).toBe(
      'its download server cannot be reached from this machine',
    );
    expect(start.downloadFailureInWords('getaddrinfo EAI_AGAIN github.com')).toMatch(
      /cannot be reached/,
    );
    expect(start.bridgeLine('Genloom is running at http://127.0.0.1:5/#t=1')).toContain(
      '\n      http://127.0.0.1:5/#t=1\n',
    );
    expect(start.bridgeLine('Demo mode: providers point at the simulator')).toBe(
      'Demo mode: providers point at the simulator',
    );
  });

  it('the renderer is rebuilt when a source is newer than the build, not otherwise', () => {
    const src = path.join(dir, 'stale', 'renderer', 'src');
    mkdirSync(src, { recursive: true });
    const file = path.join(src, 'app.tsx');
    writeFileSync(file, 'x');
    const built = path.join(dir, 'stale', 'out', 'index.html');
    const paths = { sources: [path.join(dir, 'stale', 'renderer')], built };
    expect(start.rendererStale(paths)).toBe(true);
    mkdirSync(path.dirname(built), { recursive: true });
    writeFileSync(built, '<html>');
    const t = Date.now() / 1000;
    utimesSync(file, t - 60, t - 60);
    utimesSync(built, t - 30, t - 30);
    expect(start.rendererStale(paths)).toBe(false);
    // A pull changes a source after the build.
    utimesSync(file, t, t);
    expect(start.rendererStale(paths)).toBe(true);
  });
});
