// The stop contract in-process: signals are emitted on `process` (no real signal is sent), and
// the exit is captured instead of leaving the test runner.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from './args';
import { EXIT_INTERRUPTED, EXIT_TERMINATED, watchStopSignals } from './stop-signals';
import type { StopSignals } from './stop-signals';

let watching: StopSignals | undefined;
afterEach(() => {
  watching?.dispose();
  watching = undefined;
  vi.useRealTimers();
});

function capture(): { io: CliIo; err: string[] } {
  const err: string[] = [];
  return { io: { out: () => undefined, err: (line) => err.push(line) }, err };
}

describe('Ctrl+C and SIGTERM', () => {
  it('the first signal says "stopping" once and resolves with 130 (SIGINT) or 143 (SIGTERM)', async () => {
    for (const [signal, code] of [
      ['SIGINT', EXIT_INTERRUPTED],
      ['SIGTERM', EXIT_TERMINATED],
    ] as const) {
      const { io, err } = capture();
      const exits: number[] = [];
      watching = watchStopSignals(io, { exit: (c) => exits.push(c) });
      process.emit(signal);
      // The same press forwarded again by a launcher in the process group.
      process.emit(signal);
      await expect(watching.stopped).resolves.toBe(code);
      expect(watching.code()).toBe(code);
      expect(err.filter((l) => l.startsWith('stopping'))).toHaveLength(1);
      expect(exits).toEqual([]);
      watching.dispose();
    }
  });

  it('a second press exits at once; a stop that overruns its deadline exits too', () => {
    vi.useFakeTimers();
    const { io, err } = capture();
    const exits: number[] = [];
    watching = watchStopSignals(io, { exit: (c) => exits.push(c), deadlineMs: 8000 });
    process.emit('SIGINT');
    vi.advanceTimersByTime(600);
    process.emit('SIGINT');
    expect(exits).toEqual([130]);
    expect(err.at(-1)).toMatch(/^stopped at once/);
    vi.advanceTimersByTime(8000);
    expect(exits).toEqual([130, 130]);
    expect(err.at(-1)).toMatch(/closing took too long/);
  });

  it('after dispose the handlers are gone and the deadline is dropped', () => {
    vi.useFakeTimers();
    const before = process.listenerCount('SIGINT');
    const exits: number[] = [];
    const w = watchStopSignals(capture().io, { exit: (c) => exits.push(c) });
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    w.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
    vi.advanceTimersByTime(60_000);
    expect(exits).toEqual([]);
  });
});
