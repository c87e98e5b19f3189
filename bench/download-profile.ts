// Where the time of one saved output goes: a 1024px PNG and a 20 MB video, each saved through
// saveOutput one at a time, against a plain loopback GET of the same bytes. Phases come from
// saveOutput's own progress calls: before the first byte (naming, folders, request), the body
// (stream, PNG text, hash, writes), and after the last byte (file and sidecar synced,
// renamed, folder synced). Medians per file, wall time and this process's CPU time.
// Usage: npx tsx bench/download-profile.ts [--reps N]
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { genloomPngText } from '../electron/engine/downloads/png-text';
import { saveOutput } from '../electron/engine/downloads/save-output';
import { createHttp } from '../electron/engine/http';
import { benchSidecar, benchVars, drawPng } from './download-bench-data';

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--reps');
  const reps = at > 0 ? Number(process.argv[at + 1]) : 21;
  const dir = mkdtempSync(path.join(tmpdir(), 'genloom-prof-'));
  writeFileSync(path.join(dir, 'image.png'), await drawPng(1024, 0));
  writeFileSync(path.join(dir, 'video.mp4'), randomBytes(20 * 1024 * 1024));
  const server = fork(path.join(__dirname, 'file-server.ts'), [
    `img=${path.join(dir, 'image.png')}`,
    `vid=${path.join(dir, 'video.mp4')}`,
  ]);
  const port = await new Promise<number>((resolve) =>
    server.once('message', (m) => resolve((m as AddressInfo).port)),
  );
  const http = createHttp();
  const pngText = genloomPngText({
    prompt: 'bench image',
    params: { size: '1:1' },
    provider: 'poyo',
    model: 'wan-2.7-image',
    seed: 1,
  });
  try {
    for (const kind of ['img', 'vid'] as const) {
      const t: Record<string, number[]> = {};
      const note = (label: string, ms: number): number => (t[label] ??= []).push(ms);
      for (let i = 0; i < reps; i++) {
        const url = `http://127.0.0.1:${port}/${kind}/${i}.${kind === 'img' ? 'png' : 'mp4'}`;
        let s = performance.now();
        let cpu = cpuMs();
        const res = await request(url);
        for await (const chunk of res.body) void chunk;
        note('plain GET: wall', performance.now() - s);
        note('plain GET: CPU', cpuMs() - cpu);
        let first = 0;
        let last = 0;
        s = performance.now();
        cpu = cpuMs();
        await saveOutput({
          http,
          url,
          type: kind === 'img' ? 'image' : 'video',
          root: dir,
          template: '{batch}/{index}.{ext}',
          collision: 'suffix',
          vars: benchVars(i),
          sidecar: benchSidecar(i),
          pngText,
          onProgress: () => {
            last = performance.now();
            first ||= last;
          },
        });
        const end = performance.now();
        note('saveOutput: wall', end - s);
        note('saveOutput: CPU', cpuMs() - cpu);
        note('  before the first byte (naming, folders, request)', first - s);
        note('  body (stream, PNG text, hash, writes)', last - first);
        note('  after the last byte (syncs, sidecar, renames)', end - last);
      }
      console.log(`${kind === 'img' ? '1024px PNG' : '20 MB video'}: median of ${reps}`);
      for (const [label, xs] of Object.entries(t)) {
        console.log(`  ${label.padEnd(52)} ${median(xs).toFixed(2)} ms`);
      }
    }
  } finally {
    await http.close();
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
