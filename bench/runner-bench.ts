// The runner against the simulator: a batch of N tasks of latency L at provider concurrency C
// with default (adaptive) polling, and the engine's download path against a plain loopback
// download of the same files.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { createEngine } from '../electron/engine/engine';
import { download } from '../electron/engine/downloads/download';
import { createHttp } from '../electron/engine/http';
import { startSimulator } from '../electron/engine/simulator/index';

export interface RunnerBenchOptions {
  tasks: number;
  concurrency: number;
  latencyMs: number;
  jitter: number;
  imageSide: number;
}

export interface RunnerFigures {
  wallMs: number;
  idealMs: number;
  pollsPerTask: number;
  submitRequests: number;
  refused429: number;
  succeeded: number;
  engineMBps: number;
  plainMBps: number;
  downloadBytes: number;
  files: number;
}

async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

export async function benchRunner(o: RunnerBenchOptions): Promise<RunnerFigures> {
  const sim = await startSimulator({
    latencyMs: o.latencyMs,
    jitter: o.jitter,
    concurrency: o.concurrency,
    maxImageSide: o.imageSide,
    seed: 42,
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'genloom-bench-'));
  const engine = createEngine({
    home: dir,
    providers: (id) => ({ apiKey: sim.keys[id], baseUrl: sim.baseUrls[id] }),
    concurrency: { poyo: o.concurrency },
  });
  try {
    const started = Date.now();
    const created = await engine.createBatch({
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompts: {
        kind: 'lines',
        lines: Array.from({ length: o.tasks }, (_, i) => `bench image ${i + 1}`),
      },
    });
    if (!created.ok) throw new Error(created.issues.map((i) => i.message).join('; '));
    const summary = await engine.waitForBatch(created.batchId);
    const wallMs = Date.now() - started;
    const stats = sim.stats();

    // The same files again, served from disk by a bare loopback server so the figure is the
    // client's: the engine's download path (temp file, sha256, fsync, rename) against plain GETs.
    const files = engine
      .listTasks(created.batchId)
      .flatMap((t) => engine.store.outputs.listByTask(t.id).map((out) => out.path ?? ''))
      .filter((p) => p !== '');
    const server = createServer((req, res) => {
      const file = files[Number((req.url ?? '/').slice(1))];
      if (file === undefined) {
        res.writeHead(404).end();
        return;
      }
      void stat(file).then((info) => {
        res.writeHead(200, { 'content-length': String(info.size), 'content-type': 'image/png' });
        createReadStream(file).pipe(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const urls = files.map((_, i) => `${base}/${i}`);
    const http = createHttp();
    const target = path.join(dir, 'again');
    let engineBytes = 0;
    const t1 = Date.now();
    await pool(urls, 6, async (url) => {
      const name = `${url.slice(base.length + 1)}.png`;
      const res = await download({ url, target: path.join(target, name), http });
      engineBytes += res.bytes;
    });
    const engineMs = Date.now() - t1;
    let plainBytes = 0;
    const t2 = Date.now();
    await pool(urls, 6, async (url) => {
      const res = await request(url);
      for await (const chunk of res.body) plainBytes += (chunk as Buffer).length;
    });
    const plainMs = Date.now() - t2;
    await http.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const mb = (bytes: number, ms: number): number => bytes / 1e6 / Math.max(ms / 1000, 1e-6);
    return {
      wallMs,
      idealMs: (o.tasks / o.concurrency) * o.latencyMs,
      pollsPerTask: stats.polls / o.tasks,
      submitRequests: stats.submits.poyo,
      refused429: stats.rateLimited,
      succeeded: summary?.counts.succeeded ?? 0,
      engineMBps: mb(engineBytes, engineMs),
      plainMBps: mb(plainBytes, plainMs),
      downloadBytes: plainBytes,
      files: urls.length,
    };
  } finally {
    await engine.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
