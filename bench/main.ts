// `npm run bench`: figures, not pass/fail. Small by default so it runs in CI in well under two
// minutes; sizes from flags or env:
//   --tasks N (GENLOOM_BENCH_TASKS, 96)          --concurrency C (GENLOOM_BENCH_CONCURRENCY, 8)
//   --latency-ms L (GENLOOM_BENCH_LATENCY_MS, 2000) --jitter J (GENLOOM_BENCH_JITTER, 0.1)
//   --image-side PX (GENLOOM_BENCH_IMAGE_SIDE, 1024) --store-tasks N (GENLOOM_BENCH_STORE_TASKS, 100000)
//   --gallery-outputs N (GENLOOM_BENCH_GALLERY_OUTPUTS, 100000; 0 skips the Chromium gallery bench)
//   --download-images N (GENLOOM_BENCH_DOWNLOAD_IMAGES, 96) --download-videos N (GENLOOM_BENCH_DOWNLOAD_VIDEOS, 4)
//   --video-mb MB (GENLOOM_BENCH_VIDEO_MB, 20)     --download-rounds N (GENLOOM_BENCH_DOWNLOAD_ROUNDS, 3)
// 0 tasks skips the runner, 0 images and 0 videos the download bench. Full size of the
// download bench: --download-images 480 --download-videos 24 --download-rounds 5.
// Targets from the issues: wall time within 1.10x of N / C x L, at most 3 polls per task,
// under 1% of submits refused with 429; downloads at least 0.8 of a plain loopback download.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchDownloads } from './download-bench';
import type { Throughput } from './download-bench';
import { benchRunner } from './runner-bench';
import { benchStore } from './store-bench';

interface Sizes {
  tasks: number;
  concurrency: number;
  latencyMs: number;
  jitter: number;
  imageSide: number;
  storeTasks: number;
  galleryOutputs: number;
  downloadImages: number;
  downloadVideos: number;
  videoMB: number;
  downloadRounds: number;
}

const FLAGS: Record<string, { env: string; key: keyof Sizes; fallback: number }> = {
  '--tasks': { env: 'GENLOOM_BENCH_TASKS', key: 'tasks', fallback: 96 },
  '--concurrency': { env: 'GENLOOM_BENCH_CONCURRENCY', key: 'concurrency', fallback: 8 },
  '--latency-ms': { env: 'GENLOOM_BENCH_LATENCY_MS', key: 'latencyMs', fallback: 2000 },
  '--jitter': { env: 'GENLOOM_BENCH_JITTER', key: 'jitter', fallback: 0.1 },
  '--image-side': { env: 'GENLOOM_BENCH_IMAGE_SIDE', key: 'imageSide', fallback: 1024 },
  '--store-tasks': { env: 'GENLOOM_BENCH_STORE_TASKS', key: 'storeTasks', fallback: 100_000 },
  '--gallery-outputs': {
    env: 'GENLOOM_BENCH_GALLERY_OUTPUTS',
    key: 'galleryOutputs',
    fallback: 100_000,
  },
  '--download-images': {
    env: 'GENLOOM_BENCH_DOWNLOAD_IMAGES',
    key: 'downloadImages',
    fallback: 96,
  },
  '--download-videos': { env: 'GENLOOM_BENCH_DOWNLOAD_VIDEOS', key: 'downloadVideos', fallback: 4 },
  '--video-mb': { env: 'GENLOOM_BENCH_VIDEO_MB', key: 'videoMB', fallback: 20 },
  '--download-rounds': { env: 'GENLOOM_BENCH_DOWNLOAD_ROUNDS', key: 'downloadRounds', fallback: 3 },
};

function parseSizes(argv: readonly string[]): Sizes {
  const sizes = {} as Sizes;
  for (const [flag, spec] of Object.entries(FLAGS)) {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    const raw =
      i < 0 ? process.env[spec.env] : argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1];
    const value = raw === undefined || raw === '' ? spec.fallback : Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`${flag} (or ${spec.env}) must be a number of 0 or more (got "${raw}")`);
    }
    sizes[spec.key] = value;
  }
  for (const arg of argv) {
    const name = arg.split('=')[0] ?? '';
    if (arg.startsWith('--') && !(name in FLAGS)) {
      throw new Error(`unknown flag ${name}; known: ${Object.keys(FLAGS).join(', ')}`);
    }
  }
  return sizes;
}

const fmt = (n: number, digits = 2): string => n.toFixed(digits);

async function main(): Promise<void> {
  const s = parseSizes(process.argv.slice(2));
  if (s.tasks > 0) await runRunnerBench(s);
  if (s.downloadImages + s.downloadVideos > 0) await runDownloadBench(s);
  if (s.storeTasks > 0) {
    console.log(`store: ${s.storeTasks} tasks`);
    const st = benchStore(s.storeTasks);
    console.log(`  insert tasks (1 tx)       ${fmt(st.insertMs, 0)} ms`);
    console.log(`  insert + finish outputs   ${fmt(st.outputsMs, 0)} ms`);
    console.log(`  history page (50 newest)  ${fmt(st.historyPageMs, 1)} ms`);
    console.log(`  FTS search                ${fmt(st.ftsSearchMs, 1)} ms (${st.ftsHits} hits)`);
  }
  if (s.galleryOutputs > 0) runGalleryBench(s.galleryOutputs);
}

async function runRunnerBench(s: Sizes): Promise<void> {
  console.log(
    `runner: N=${s.tasks} tasks, C=${s.concurrency}, L=${s.latencyMs} ms (jitter ${s.jitter}), default polling`,
  );
  const r = await benchRunner({
    tasks: s.tasks,
    concurrency: s.concurrency,
    latencyMs: s.latencyMs,
    jitter: s.jitter,
    imageSide: s.imageSide,
  });
  console.log(`  succeeded                 ${r.succeeded}/${s.tasks}`);
  console.log(
    `  wall time                 ${fmt(r.wallMs / 1000)} s (N/C x L = ${fmt(r.idealMs / 1000)} s)`,
  );
  console.log(`  wall / (N/C x L)          ${fmt(r.wallMs / r.idealMs, 3)}   (target <= 1.10)`);
  console.log(`  polls per task            ${fmt(r.pollsPerTask)}   (target <= 3)`);
  console.log(
    `  submits refused with 429  ${r.refused429}/${r.submitRequests} = ${fmt((100 * r.refused429) / Math.max(1, r.submitRequests))}%   (target < 1%)`,
  );
}

function throughputLine(label: string, t: Throughput): string {
  const { plain, engine } = t.mbps;
  return `  ${label.padEnd(26)}${fmt(t.ratio, 2)}x: engine ${fmt(engine)} MB/s vs plain loopback ${fmt(plain)} MB/s (${t.files} files, ${fmt(t.bytes / 1e6)} MB)`;
}

function floorLine(label: string, t: Throughput): string {
  const { durable } = t.mbps;
  const cpu = t.cpuMsPerFile;
  return `  ${label.padEnd(26)}${fmt(t.ratioToDurable, 2)}x of a bare durable save (${fmt(durable)} MB/s: write, fdatasync, rename, folder fsync); CPU per file: engine ${fmt(cpu.engine)}, bare durable ${fmt(cpu.durable)}, plain ${fmt(cpu.plain)} ms`;
}

async function runDownloadBench(s: Sizes): Promise<void> {
  console.log(
    `downloads: ${s.downloadImages} PNGs of ${s.imageSide} px and ${s.downloadVideos} videos of ${s.videoMB} MB, 6 at a time; saveOutput (PNG text, sha256, sidecar, fsync of file, sidecar and folder) vs a plain GET that reads the bytes; ratios are medians of ${s.downloadRounds} rounds`,
  );
  const d = await benchDownloads({
    images: s.downloadImages,
    imageSide: s.imageSide,
    videos: s.downloadVideos,
    videoMB: s.videoMB,
    rounds: Math.max(1, s.downloadRounds),
    concurrency: 6,
  });
  for (const [label, t] of [
    ['images', d.images],
    ['videos', d.videos],
  ] as const) {
    if (t.files === 0) continue;
    console.log(throughputLine(label, t));
    console.log(floorLine('', t));
  }
  console.log(`${throughputLine('download throughput', d.all)}   (target >= 0.80x)`);
  console.log(floorLine('', d.all));
}

/** The gallery bench drives Chromium, so it runs as its own process (bench/gallery.ts). */
function runGalleryBench(outputs: number): void {
  const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const gallery = path.join(__dirname, 'gallery.ts');
  const run = spawnSync(tsx, [gallery, '--outputs', String(outputs)], { stdio: 'inherit' });
  if (run.status !== 0)
    throw new Error(`the gallery bench failed (exit ${run.status ?? 'signal'})`);
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
