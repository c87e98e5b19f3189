import { startSimulator } from '../../engine/simulator/index';
import type { SimulatorOptions } from '../../engine/simulator/index';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK } from '../args';
import type { CliIo, Command } from '../args';

const USAGE = `usage: genloom simulator [--port N] [--latency MS] [--concurrency N] [--seed N]

Starts the provider simulator (PoYo, APIXO and Modelverse on 127.0.0.1) for demos and tests.
The first line printed is its base URL. Runs until Ctrl-C (SIGINT) or SIGTERM.`;

type Parsed =
  { ok: true; options: SimulatorOptions; help: boolean } | { ok: false; message: string };

const FLAGS: Record<
  string,
  { key: 'port' | 'latencyMs' | 'concurrency' | 'seed'; min: number; max: number }
> = {
  '--port': { key: 'port', min: 0, max: 65535 },
  '--latency': { key: 'latencyMs', min: 0, max: 3_600_000 },
  '--concurrency': { key: 'concurrency', min: 1, max: 10_000 },
  '--seed': { key: 'seed', min: 0, max: 2 ** 31 - 1 },
};

/** Flags as `--flag N` or `--flag=N`; every value an integer within the flag's range. */
export function parseSimulatorArgs(argv: readonly string[]): Parsed {
  const options: SimulatorOptions = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { ok: true, options, help: true };
    const [name = '', inline] = arg.split('=', 2);
    const flag = FLAGS[name];
    if (!flag) return { ok: false, message: `unknown argument "${arg}"` };
    const raw = inline ?? argv[(i += 1)];
    if (raw === undefined) return { ok: false, message: `${name} needs a value` };
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < flag.min || value > flag.max)
      return {
        ok: false,
        message: `${name} must be an integer from ${flag.min} to ${flag.max} (got "${raw}")`,
      };
    options[flag.key] = value;
  }
  return { ok: true, options, help: false };
}

export interface SimulatorIo extends CliIo {
  /** Resolves when the simulator should stop; defaults to SIGINT or SIGTERM. */
  stopped?: Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runSimulator(argv: readonly string[], io: SimulatorIo): Promise<number> {
  const parsed = parseSimulatorArgs(argv);
  if (!parsed.ok) {
    io.err(`genloom simulator: ${parsed.message}`);
    io.err(USAGE);
    return EXIT_INVALID;
  }
  if (parsed.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  let sim;
  try {
    sim = await startSimulator(parsed.options);
  } catch (e) {
    // e.g. EADDRINUSE: the port is taken.
    io.err(`genloom simulator: could not start: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT_FAILURE;
  }
  io.out(sim.url);
  io.out('');
  io.out(`PoYo        ${sim.baseUrls.poyo}        key ${sim.keys.poyo}`);
  io.out(`APIXO       ${sim.baseUrls.apixo}  key ${sim.keys.apixo}`);
  io.out(`Modelverse  ${sim.baseUrls.modelverse}        key ${sim.keys.modelverse}`);
  io.out(`(key "${sim.brokeKey}" has no balance; control surface: ${sim.url}/__sim/state)`);
  io.out('');
  io.out('Use it from another shell:');
  io.out(
    `  export GENLOOM_POYO_BASE_URL=${sim.baseUrls.poyo} GENLOOM_POYO_API_KEY=${sim.keys.poyo}`,
  );
  io.out(
    `  export GENLOOM_APIXO_BASE_URL=${sim.baseUrls.apixo} GENLOOM_APIXO_API_KEY=${sim.keys.apixo}`,
  );
  io.out(
    `  export GENLOOM_MODELVERSE_BASE_URL=${sim.baseUrls.modelverse} GENLOOM_MODELVERSE_API_KEY=${sim.keys.modelverse}`,
  );
  await (io.stopped ?? untilSignal());
  await sim.close();
  return EXIT_OK;
}

export const simulatorCommand: Command = {
  summary: 'Run the provider simulator (keyless demo and tests) and print its base URL',
  run: (argv, io) =>
    runSimulator(argv, { out: (line) => io.out(line), err: (line) => io.err(line) }),
};
