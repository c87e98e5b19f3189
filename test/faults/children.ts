// Child processes with a hard deadline: the engine (the real CLI), the database locker and
// the control helper. Each runs in its own process group, so kill -9 reaches the process that
// does the work and not only the tsx launcher, and a child past its deadline is killed and
// reported as a hang instead of hanging the test.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
export const CLI_MAIN = path.join(ROOT, 'electron', 'cli', 'main.ts');
export const LOCK_CHILD = path.join(ROOT, 'test', 'faults', 'lock-child.ts');
export const CONTROL_CHILD = path.join(ROOT, 'test', 'faults', 'control-child.ts');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed because it outlived its deadline: a hang. */
  timedOut: boolean;
  /** Killed on purpose (kill -9 as a fault). */
  killed: boolean;
  ms: number;
  /** The last stdout line parsed as JSON, when it is JSON. */
  json: Record<string, unknown> | null;
}

export interface Child {
  pid: number;
  done: Promise<ChildResult>;
  /** kill -9 of the whole process group (a fault, not a hang). */
  kill(): void;
  /** Resolves when stdout has printed a line equal to `line` (false if the child ended first). */
  waitForLine(line: string): Promise<boolean>;
}

const live = new Set<number>();

/** Ends every child still running (test teardown, an interrupted driver). */
export function killAllChildren(): void {
  for (const pid of live) killGroup(pid);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function lastJson(stdout: string): Record<string, unknown> | null {
  const last = stdout.trim().split('\n').pop();
  if (!last?.startsWith('{')) return null;
  try {
    return JSON.parse(last) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Runs a TypeScript entry point under tsx with a deadline. */
export function startChild(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  deadlineMs: number,
): Child {
  const started = Date.now();
  const child = spawn(TSX, [script, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid ?? -1;
  live.add(pid);
  let stdout = '';
  let stderr = '';
  let killed = false;
  let timedOut = false;
  const lineWaiters: { line: string; resolve: (ok: boolean) => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of [...lineWaiters]) {
      if (stdout.split('\n').includes(w.line)) {
        lineWaiters.splice(lineWaiters.indexOf(w), 1);
        w.resolve(true);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = setTimeout(() => {
    timedOut = true;
    killGroup(pid);
  }, deadlineMs);
  const done = new Promise<ChildResult>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(deadline);
      live.delete(pid);
      // The group may hold a grandchild (tsx runs the script in one): end it too.
      killGroup(pid);
      for (const w of lineWaiters.splice(0)) w.resolve(false);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        timedOut,
        killed,
        ms: Date.now() - started,
        json: lastJson(stdout),
      });
    };
    child.on('error', (e) => {
      stderr += `spawn failed: ${e.message}\n`;
      finish(null, null);
    });
    child.on('close', finish);
  });
  return {
    pid,
    done,
    kill() {
      killed = true;
      killGroup(pid);
    },
    waitForLine(line) {
      if (stdout.split('\n').includes(line)) return Promise.resolve(true);
      return new Promise((resolve) => lineWaiters.push({ line, resolve }));
    },
  };
}
