// Download throughput: the engine's save path (saveOutput: name, stream, PNG text, sha256,
// sidecar, fsync of file, sidecar and folder) against a plain loopback GET of the same files
// that only reads the bytes, and against the least a crash-safe save needs (download-passes.ts),
// all in the same run. The files are 1024px PNG cards (as the simulator draws them) and 20 MB
// videos, served by a bare server in its own process. Each round runs every side over the
// files back to back, in an order that turns every round so a busy moment of the machine falls
// on all of them; the ratios are medians over the rounds.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHttp } from '../electron/engine/http';
import { drawPng } from './download-bench-data';
import { SIDES, add, newSide, pass } from './download-passes';
import type { Side, SideName } from './download-passes';

export interface DownloadBenchOptions {
  images: number;
  imageSide: number;
  videos: number;
  videoMB: number;
  rounds: number;
  concurrency: number;
}

export interface Throughput {
  files: number;
  /** Bytes of one pass over the files. */
  bytes: number;
  /** Over all rounds: bytes / time of each side. */
  mbps: Record<SideName, number>;
  /** Medians over the rounds of engine / plain and engine / durable. */
  ratio: number;
  ratioToDurable: number;
  /** CPU milliseconds per file of each side (this process). */
  cpuMsPerFile: Record<SideName, number>;
}

export interface DownloadFigures {
  images: Throughput;
  videos: Throughput;
  /** Every file of a round: images and videos. */
  all: Throughput;
}

/** Distinct images drawn; the server hands them out in turn. */
const DISTINCT_IMAGES = 24;
const KINDS = ['images', 'videos'] as const;

async function startServer(files: string[]): Promise<{ base: string; stop: () => void }> {
  const child = fork(path.join(__dirname, 'file-server.ts'), files);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the file server exited (${code})`)));
    child.once('message', (address) => resolve((address as AddressInfo).port));
  });
  child.removeAllListeners('exit');
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

const mbps = (s: Side): number => s.bytes / 1e6 / Math.max(s.ms / 1000, 1e-6);
const median = (xs: number[]): number => {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const sides = (): Record<SideName, Side> => ({
  plain: newSide(),
  durable: newSide(),
  engine: newSide(),
});

/** What one kind of file (or all of them) added up to over the rounds. */
class Tally {
  readonly total = sides();
  readonly ratios: number[] = [];
  readonly ratiosToDurable: number[] = [];
  constructor(readonly files: number) {}

  round(r: Record<SideName, Side>): void {
    for (const s of SIDES) add(this.total[s], r[s]);
    if (r.plain.bytes === 0) return;
    this.ratios.push(mbps(r.engine) / mbps(r.plain));
    this.ratiosToDurable.push(mbps(r.engine) / mbps(r.durable));
  }

  figures(rounds: number): Throughput {
    const per = (f: (s: Side) => number): Record<SideName, number> => ({
      plain: f(this.total.plain),
      durable: f(this.total.durable),
      engine: f(this.total.engine),
    });
    return {
      files: this.files,
      bytes: this.total.plain.bytes / rounds,
      mbps: per(mbps),
      ratio: median(this.ratios),
      ratioToDurable: median(this.ratiosToDurable),
      cpuMsPerFile: per((s) => s.cpuMs / Math.max(1, rounds * this.files)),
    };
  }
}

async function measure(
  urls: Record<(typeof KINDS)[number], string[]>,
  o: DownloadBenchOptions,
  dir: string,
): Promise<DownloadFigures> {
  const tallies = {
    images: new Tally(urls.images.length),
    videos: new Tally(urls.videos.length),
    all: new Tally(urls.images.length + urls.videos.length),
  };
  const http = createHttp();
  try {
    for (let round = 0; round < o.rounds; round++) {
      const root = path.join(dir, `round-${round}`);
      const all = sides();
      const order = SIDES.map((_, i) => SIDES[(i + round) % SIDES.length] as SideName);
      for (const kind of KINDS) {
        if (urls[kind].length === 0) continue;
        const r = sides();
        for (const side of order) await pass(side, urls[kind], o.concurrency, r[side], root, http);
        tallies[kind].round(r);
        for (const s of SIDES) add(all[s], r[s]);
      }
      tallies.all.round(all);
      rmSync(root, { recursive: true, force: true });
    }
  } finally {
    await http.close();
  }
  return {
    images: tallies.images.figures(o.rounds),
    videos: tallies.videos.figures(o.rounds),
    all: tallies.all.figures(o.rounds),
  };
}

export async function benchDownloads(o: DownloadBenchOptions): Promise<DownloadFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'genloom-dlbench-'));
  const sources: string[] = [];
  for (let i = 0; i < Math.min(DISTINCT_IMAGES, o.images); i++) {
    const file = path.join(dir, `src-${i}.png`);
    writeFileSync(file, await drawPng(o.imageSide, i));
    sources.push(`img=${file}`);
  }
  if (o.videos > 0) {
    const file = path.join(dir, 'src.mp4');
    writeFileSync(file, randomBytes(Math.round(o.videoMB * 1024 * 1024)));
    sources.push(`vid=${file}`);
  }
  const server = await startServer(sources);
  try {
    return await measure(
      {
        images: Array.from({ length: o.images }, (_, i) => `${server.base}/img/${i}.png`),
        videos: Array.from({ length: o.videos }, (_, i) => `${server.base}/vid/${i}.mp4`),
      },
      o,
      dir,
    );
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
