// Runs the real CLI as a child process (as a user would), against a simulator in the test
// process, with a hook to SIGKILL it at a chosen moment.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../engine/simulator/index';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(ROOT, 'electron', 'cli', 'main.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (the --json summary), when there is one. */
  json: Record<string, unknown> | null;
}

export function simEnv(sim: Simulator, home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const id of ['poyo', 'apixo', 'modelverse'] as const) {
    env[`GENLOOM_${id.toUpperCase()}_API_KEY`] = sim.keys[id];
    env[`GENLOOM_${id.toUpperCase()}_BASE_URL`] = sim.baseUrls[id];
  }
  env['GENLOOM_HOME'] = home;
  return env;
}

function lastJson(stdout: string): Record<string, unknown> | null {
  const last = stdout.trim().split('\n').pop();
  if (!last) return null;
  try {
    return JSON.parse(last) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Runs `genloom <args>`; `killWhen` is checked every few ms and SIGKILLs the child once true. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  killWhen?: () => boolean,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Its own process group: tsx runs the CLI in a child process, and kill -9 must reach the
    // process that does the work, not only the tsx launcher.
    const child = spawn(TSX, [MAIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killWhen
      ? setInterval(() => {
          if (killWhen()) {
            clearInterval(timer);
            try {
              if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
            } catch {
              // Already gone: it finished before the moment came.
            }
          }
        }, 3)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stdout, stderr, json: lastJson(stdout) });
    });
  });
}
