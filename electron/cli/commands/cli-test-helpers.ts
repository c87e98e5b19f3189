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

export interface CliOptions {
  /** The folder the child starts in (default: the repository root, as `npm run` does). */
  cwd?: string;
}

/** A CLI child still running: signal it as a terminal or a process manager would. */
export interface RunningCli {
  readonly pid: number;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  /**
   * `group`: to its whole process group, as Ctrl+C in a terminal does (the tsx launcher and
   * the CLI both receive it); otherwise to the launcher only, as `kill PID` does.
   */
  signal(signal: NodeJS.Signals, opts?: { group?: boolean }): void;
  readonly done: Promise<CliResult>;
}

/** Starts `genloom <args>` in its own process group and returns at once. */
export function startCli(
  args: readonly string[],
  env: Record<string, string>,
  opts: CliOptions = {},
): RunningCli {
  // Its own process group: tsx runs the CLI in a child process, and kill -9 must reach the
  // process that does the work, not only the tsx launcher.
  const child = spawn(TSX, [MAIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr, json: lastJson(stdout) });
    });
  });
  return {
    pid: child.pid ?? 0,
    output: () => ({ stdout, stderr }),
    signal(signal, { group = false } = {}) {
      try {
        if (child.pid !== undefined) process.kill(group ? -child.pid : child.pid, signal);
      } catch {
        // Already gone: it finished before the moment came.
      }
    },
    done,
  };
}

/** Runs `genloom <args>`; `killWhen` is checked every few ms and SIGKILLs the child once true. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  killWhen?: () => boolean,
  opts: CliOptions = {},
): Promise<CliResult> {
  const running = startCli(args, env, opts);
  const timer = killWhen
    ? setInterval(() => {
        if (killWhen()) {
          clearInterval(timer);
          running.signal('SIGKILL', { group: true });
        }
      }, 3)
    : undefined;
  return running.done.finally(() => {
    if (timer) clearInterval(timer);
  });
}

/** Resolves once `check` holds (polled every 10 ms); throws naming `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
