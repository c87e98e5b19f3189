// Everything the desktop shell and the browser bridge share: demo mode (the simulator in
// process), the engine, the media guard, the coalescing event bus, batch-end notifications,
// and the handlers. The shells add only their transport and their platform.
import path from 'node:path';
import type { ProviderId } from '../../../shared/catalog/types';
import { PROVIDER_IDS } from '../../../shared/catalog/types';
import type { ProviderConfig } from '../providers/types';
import { isDbBusy } from '../runner/engine-error';
import { createMediaGuard } from '../media-guard';
import type { MediaGuard } from '../media-guard';
import { createMediaFiles } from '../media/thumbnail';
import type { MediaFiles } from '../media/thumbnail';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/index';
import type { Logger } from '../vault/redact';
import type { KeyVault } from '../vault/vault';
import type { DemoConfigs } from './demo-keys';
import type { Handlers } from './dispatch';
import type { EnginePort } from './engine-port';
import { createEventBus } from './event-bus';
import type { EventBus } from './event-bus';
import { allowBatchMedia } from './handlers-batch';
import { createHandlers } from './handlers';
import { describeOtherHistory, historyDir } from './histories';
import type { OtherHistory } from './histories';
import { testProviderKey } from './key-test';
import type { ApiDeps, Platform } from './platform';
import { readSettings } from './settings-store';
import { summarise } from './views';
import { BatchSpecSchema } from '../../../shared/schemas/batch';

export interface HostOptions {
  home: string;
  version: string;
  vault: KeyVault;
  platform: Platform;
  /** 'on': always the simulator; 'auto': the simulator when no key is set at all. */
  demo: 'on' | 'auto' | 'off';
  log: Logger;
  makeEngine(options: {
    home: string;
    providers: (id: ProviderId) => ProviderConfig | undefined;
    /** Demo mode: the simulator answers on loopback, so polling can be brisk. */
    demo: boolean;
  }): EnginePort;
  /** Simulated task latency in demo mode (ms). */
  demoLatencyMs?: number;
}

export interface Host {
  readonly handlers: Handlers;
  readonly bus: EventBus;
  readonly media: MediaGuard;
  /** What the media protocol and the bridge's /media/ route serve: guarded files, thumbnails. */
  readonly mediaFiles: MediaFiles;
  readonly engine: EnginePort;
  readonly demo: boolean;
  /** Where the engine keeps its database and outputs (a demo/ subfolder in demo mode). */
  readonly engineHome: string;
  /** The other mode's history, when it holds any batch. */
  readonly otherHistory: OtherHistory | null;
  close(): Promise<void>;
}

function batchEndText(summary: ReturnType<typeof summarise>): { title: string; body: string } {
  const { succeeded = 0, failed = 0, canceled = 0 } = summary.counts;
  const parts = [`${succeeded} succeeded`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (canceled > 0) parts.push(`${canceled} canceled`);
  const verb = summary.status === 'canceled' ? 'was canceled' : 'finished';
  return { title: `Batch "${summary.name}" ${verb}`, body: parts.join(', ') };
}

export async function startHost(options: HostOptions): Promise<Host> {
  const { vault, log } = options;
  let simulator: Simulator | null = null;
  let demoKeys: DemoConfigs | null = null;
  const demo = options.demo === 'on' || (options.demo === 'auto' && !vault.hasAnyKey());
  if (demo) {
    simulator = await startSimulator({ latencyMs: options.demoLatencyMs ?? 1500, jitter: 0.3 });
    const sim = simulator;
    const configs: Partial<Record<ProviderId, ProviderConfig>> = {};
    for (const id of PROVIDER_IDS)
      configs[id] = { apiKey: sim.keys[id], baseUrl: sim.baseUrls[id] };
    vault.setDemo(configs);
    demoKeys = configs;
    log.info(`demo mode: providers point at the built-in simulator on ${sim.url}`);
  } else {
    // A vault kept across a switch from the demo history must not keep pointing at it.
    vault.setDemo(null);
  }
  // Demo batches live apart from real ones (a demo batch must never reach a real provider);
  // app.info says which history is open and what the other one holds.
  const engineHome = historyDir(options.home, demo);
  const otherHistory = describeOtherHistory(options.home, demo, log);
  if (otherHistory) {
    log.info(
      `${demo ? 'demo' : 'live'} history open; the ${otherHistory.demo ? 'demo' : 'live'} one in ${otherHistory.dir} holds ${otherHistory.batches} batch(es), ${otherHistory.unfinished} not finished`,
    );
  }
  const engine = options.makeEngine({
    home: engineHome,
    providers: (id) => vault.resolve(id),
    demo,
  });
  const store = engine.store;

  const media = createMediaGuard([engine.defaultOutputDir()]);
  const settings = readSettings(store.settings);
  if (settings.outputDir) media.allow(settings.outputDir);

  const deps: ApiDeps = {
    engine,
    platform: options.platform,
    vault,
    media,
    home: options.home,
    demoKeys,
    history: { dir: engineHome, other: otherHistory },
    version: options.version,
    log,
    testKey: testProviderKey,
  };
  for (const batch of store.batches.list({ limit: 1000 })) {
    const spec = BatchSpecSchema.safeParse(batch.spec);
    if (spec.success) allowBatchMedia(deps, spec.data, batch.outDir);
    else media.allow(batch.outDir);
  }

  const bus = createEventBus({
    summarise: (batchId) => {
      const batch = store.batches.get(batchId);
      return batch ? summarise(store, batch, engine.eta(batchId)) : undefined;
    },
    onBatchEnded: (summary) => {
      if (!readSettings(store.settings).notifications) return;
      const text = batchEndText(summary);
      options.platform.notify(text.title, text.body);
      bus.notificationShown({ ...text, batchId: summary.id });
    },
  });
  const unsubscribers = [
    engine.onTask((update) => bus.taskUpdated(update)),
    engine.onOutput((output) => {
      media.allow(path.dirname(output.path));
      bus.outputDownloaded(output);
    }),
    engine.onBatch((batchId) => bus.batchTouched(batchId)),
  ];
  try {
    await engine.resumeAll();
  } catch (error) {
    // The CLI (or another window) drives this database: show its batches, drive once it ends.
    if (!isDbBusy(error)) throw error;
    log.info(`${error.message}; batches resume here once it ends`);
  }
  // The user's concurrency applies over the defaults (and over resumed batches' own).
  for (const [id, limit] of Object.entries(settings.concurrency)) {
    engine.setConcurrency(id as ProviderId, limit);
  }

  return {
    handlers: createHandlers(deps),
    bus,
    media,
    // Thumbnails are keyed by the file's path and version, so demo and real runs share one cache.
    mediaFiles: createMediaFiles({ guard: media, dir: path.join(options.home, 'thumbs') }),
    engine,
    demo,
    engineHome,
    otherHistory,
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      bus.close();
      await engine.close();
      await simulator?.close();
    },
  };
}
