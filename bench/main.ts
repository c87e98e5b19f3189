// `npm run bench`: figures, not pass/fail. Small by default so it runs in CI in well under two
// minutes; sizes from flags or env:
//   --tasks N (GENLOOM_BENCH_TASKS, 96)          --concurrency C (GENLOOM_BENCH_CONCURRENCY, 8)
//   --latency-ms L (GENLOOM_BENCH_LATENCY_MS, 2000) --jitter J (GENLOOM_BENCH_JITTER, 0.1)
//   --image-side PX (GENLOOM_BENCH_IMAGE_SIDE, 1024) --store-tasks N (GENLOOM_BENCH_STORE_TASKS, 100000)
//   --gallery-outputs N (GENLOOM_BENCH_GALLERY_OUTPUTS, 100000; 0 skips the Chromium gallery bench)
// Targets from the issue: wall time within 1.10x of N / C x L, at most 3 polls per task,
// under 1% of submits refused with 429.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
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
  console.log(
    `  download throughput       engine ${fmt(r.engineMBps)} MB/s vs plain loopback ${fmt(r.plainMBps)} MB/s (${fmt(r.engineMBps / r.plainMBps, 2)}x; ${r.files} files, ${fmt(r.downloadBytes / 1e6)} MB)`,
  );
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
