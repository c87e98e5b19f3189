import type { AddressInfo } from 'node:net';
import { parseRuntimePatch } from './control';
import type { ControlTarget } from './control';
import { createSimServer } from './server';
import { SimState } from './state';
import { unfinishedCount, viewTask } from './tasks';
import { SIM_PROVIDERS } from './types';
import type { FaultSpec, RuntimeOptions, SimProvider, Simulator, SimulatorOptions } from './types';

export { MAGIC_WORDS } from './tasks';
export type * from './types';

export const DEFAULT_KEYS: Record<SimProvider, string> = {
  poyo: 'sim-poyo-key',
  apixo: 'sim-apixo-key',
  modelverse: 'sim-modelverse-key',
};

function checkOptions(o: SimulatorOptions): void {
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535))
    throw new Error(`port must be an integer from 0 to 65535 (got ${o.port})`);
  if (o.seed !== undefined && !Number.isInteger(o.seed))
    throw new Error(`seed must be an integer (got ${o.seed})`);
  const { port: _p, keys: _k, brokeKey: _b, seed: _s, ...runtime } = o;
  const patch = parseRuntimePatch(runtime);
  if (!patch.ok) throw new Error(patch.message);
  for (const p of SIM_PROVIDERS) {
    const list = o.keys?.[p];
    if (
      list !== undefined &&
      (list.length === 0 || list.some((k) => typeof k !== 'string' || k === ''))
    )
      throw new Error(`keys.${p} must be a non-empty list of non-empty strings`);
  }
}

/**
 * Starts the provider simulator on 127.0.0.1: PoYo, APIXO and Modelverse on their documented
 * paths, one server. Throws (before listening) on invalid options, naming the option.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkOptions(options);
  const keys: Record<SimProvider, string[]> = {
    poyo: options.keys?.poyo ?? [DEFAULT_KEYS.poyo],
    apixo: options.keys?.apixo ?? [DEFAULT_KEYS.apixo],
    modelverse: options.keys?.modelverse ?? [DEFAULT_KEYS.modelverse],
  };
  const state = new SimState(options, keys, options.brokeKey ?? 'sim-broke');

  const configure = (patch: Partial<RuntimeOptions>): void => {
    const parsed = parseRuntimePatch(patch);
    if (!parsed.ok) throw new Error(parsed.message);
    state.opts = { ...state.opts, ...parsed.value };
  };
  const views = () => [...state.tasks.values()].map((t) => viewTask(state, t));
  const stats = () => state.stats((p) => unfinishedCount(state, p));
  const advance = (ms: number): void => {
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error(`ms must be a non-negative number (got ${ms})`);
    state.clockOffset += ms;
  };

  let baseUrls: Record<SimProvider, string> = { poyo: '', apixo: '', modelverse: '' };
  const control: ControlTarget = {
    snapshot: () => ({
      url: state.baseUrl,
      baseUrls,
      keys: Object.fromEntries(SIM_PROVIDERS.map((p) => [p, keys[p][0]])),
      brokeKey: state.brokeKey,
      seed: state.seed,
      now: state.now(),
      options: state.opts,
      stats: stats(),
      faults: state.faults.list(),
      tasks: views(),
    }),
    tasks: views,
    requestsSince: (seq) => state.requests.filter((r) => r.seq > seq),
    stats,
    addFault: (spec) => state.faults.add(spec as FaultSpec),
    clearFaults: () => state.faults.clear(),
    reset: () => state.reset(),
    advance,
    configure,
  };

  const server = createSimServer(state, control);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  state.baseUrl = url;
  baseUrls = { poyo: url, apixo: `${url}/api/v1`, modelverse: url };

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    baseUrls,
    keys: {
      poyo: keys.poyo[0] ?? '',
      apixo: keys.apixo[0] ?? '',
      modelverse: keys.modelverse[0] ?? '',
    },
    brokeKey: state.brokeKey,
    get requests() {
      return state.requests;
    },
    get tasks() {
      return views();
    },
    task: (id) => {
      const t = state.tasks.get(id);
      return t ? viewTask(state, t) : undefined;
    },
    stats,
    faults: state.faults,
    advance,
    now: () => state.now(),
    configure,
    reset: () => state.reset(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung and keep-alive connections would hold close() open for ever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
