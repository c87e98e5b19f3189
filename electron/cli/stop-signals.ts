// Ctrl+C (SIGINT) and SIGTERM while a batch runs. The first says "stopping" once and asks the
// engine to stop: submits in flight get a short grace to record their remote ids, nothing else
// is waited for, and the state is in the database for `genloom resume`. A second signal exits
// at once; so does a stop that overruns its deadline, so the terminal is never held.
import type { CliIo } from './args';

/** Exit codes of a stop: 128 + the signal's number, as shells report it. Public contract. */
export const EXIT_INTERRUPTED = 130;
export const EXIT_TERMINATED = 143;

/** The engine's grace for submits in flight is 3 s; this leaves room for closing. */
export const STOP_DEADLINE_MS = 8_000;

/**
 * One Ctrl+C often arrives more than once: the terminal signals the whole process group, and
 * launchers in it (npm, tsx) forward the same signal again. A second signal counts only once
 * this much time has passed since the first.
 */
export const REPEAT_AFTER_MS = 500;

const CODES: Record<'SIGINT' | 'SIGTERM', number> = {
  SIGINT: EXIT_INTERRUPTED,
  SIGTERM: EXIT_TERMINATED,
};

export interface StopSignals {
  /** Resolves with the exit code when the first signal arrives. */
  readonly stopped: Promise<number>;
  /** The exit code of the stop, or null while none came. */
  code(): number | null;
  dispose(): void;
}

export function watchStopSignals(
  io: CliIo,
  opts: { deadlineMs?: number; repeatAfterMs?: number; exit?: (code: number) => void } = {},
): StopSignals {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let code: number | null = null;
  let firstAt = 0;
  let deadline: NodeJS.Timeout | undefined;
  let resolveStopped: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));

  const on = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    if (code !== null) {
      if (Date.now() - firstAt < (opts.repeatAfterMs ?? REPEAT_AFTER_MS)) return;
      io.err(
        'stopped at once: a submit that was in flight may wait for your decision on `genloom resume`.',
      );
      exit(code);
      return;
    }
    code = CODES[signal];
    firstAt = Date.now();
    io.err(
      'stopping: nothing is lost; tasks already submitted are tracked (press Ctrl+C again to quit at once). Run `genloom resume` to continue.',
    );
    deadline = setTimeout(() => {
      io.err('stopped: closing took too long; `genloom resume` picks up where this left off.');
      exit(code ?? EXIT_INTERRUPTED);
    }, opts.deadlineMs ?? STOP_DEADLINE_MS);
    deadline.unref();
    resolveStopped(code);
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    stopped,
    code: () => code,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (deadline) clearTimeout(deadline);
    },
  };
}
