import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs, runSimulator } from './simulator';

describe('genloom simulator', () => {
  it('parses --port, --latency, --concurrency and --seed in both spellings', () => {
    expect(
      parseSimulatorArgs(['--port', '0', '--latency=20', '--concurrency', '3', '--seed', '9']),
    ).toEqual({
      ok: true,
      help: false,
      options: { port: 0, latencyMs: 20, concurrency: 3, seed: 9 },
    });
  });

  it.each([
    ['--port', 'abc'],
    ['--port', '70000'],
    ['--port', '-1'],
    ['--port', '1.5'],
  ])('exits 2 naming the flag for %s %s', async (flag, value) => {
    const err: string[] = [];
    const code = await runSimulator([flag, value], {
      out: () => undefined,
      err: (l) => err.push(l),
    });
    expect(code).toBe(2);
    expect(err[0]).toContain('--port must be an integer from 0 to 65535');
  });

  it('exits 2 for an unknown flag or a missing value', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (l: string) => err.push(l) };
    expect(await runSimulator(['--nope'], io)).toBe(2);
    expect(await runSimulator(['--port'], io)).toBe(2);
    expect(err.join('\n')).toContain('unknown argument "--nope"');
    expect(err.join('\n')).toContain('--port needs a value');
  });

  it('prints the base URL first, serves it, and stops when asked', async () => {
    const out: string[] = [];
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let printed: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (printed = resolve));
    const running = runSimulator(['--latency', '5'], {
      out: (l) => {
        out.push(l);
        if (l.includes('GENLOOM_MODELVERSE_BASE_URL')) printed();
      },
      err: () => undefined,
      stopped,
    });
    await ready;
    expect(out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${out[0]}/__sim/state`);
    expect(res.status).toBe(200);
    expect(out.join('\n')).toContain('GENLOOM_APIXO_BASE_URL=' + `${out[0]}/api/v1`);
    stop();
    expect(await running).toBe(0);
  });
});
