// The three ways the download bench fetches a set of files, 6 at a time (the engine's default):
// - plain: a GET that reads the bytes and keeps nothing (the "plain loopback download");
// - durable: the least a crash-safe save needs, written plainly: the GET streamed to a temp
//   file, fdatasync, rename, fsync of the folder; no naming, hash, PNG text or sidecar, and
//   nothing of the engine's code: the floor the disk sets;
// - engine: saveOutput, as the runner calls it for every output.
import { createWriteStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { makeDirs } from '../electron/engine/downloads/dirs';
import { genloomPngText } from '../electron/engine/downloads/png-text';
import { saveOutput } from '../electron/engine/downloads/save-output';
import type { Http } from '../electron/engine/http';
import { benchSidecar, benchVars } from './download-bench-data';

export const SIDES = ['plain', 'durable', 'engine'] as const;
export type SideName = (typeof SIDES)[number];

export interface Side {
  bytes: number;
  ms: number;
  /** CPU time of this process (user + system: all its threads and the kernel on its behalf). */
  cpuMs: number;
}

export const newSide = (): Side => ({ bytes: 0, ms: 0, cpuMs: 0 });

export function add(into: Side, s: Side): void {
  into.bytes += s.bytes;
  into.ms += s.ms;
  into.cpuMs += s.cpuMs;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

const PNG_TEXT = genloomPngText({
  prompt: 'bench image',
  params: { prompt: 'bench image', size: '1:1' },
  provider: 'poyo',
  model: 'wan-2.7-image',
  seed: 1,
});

/** fdatasync of a file, or fsync of a folder (opened read-only: a folder cannot be written). */
async function syncPath(file: string, folder = false): Promise<void> {
  const fh = await open(file, folder ? 'r' : 'r+');
  try {
    await (folder ? fh.sync() : fh.datasync());
  } finally {
    await fh.close();
  }
}

async function fetchOne(side: SideName, url: string, root: string, http: Http): Promise<number> {
  const i = Number(/(\d+)\.\w+$/.exec(url)?.[1]);
  const name = path.basename(new URL(url).pathname);
  if (side === 'plain') {
    let bytes = 0;
    const res = await request(url);
    for await (const chunk of res.body) bytes += (chunk as Buffer).length;
    return bytes;
  }
  if (side === 'durable') {
    const target = path.join(root, 'durable', name);
    const res = await request(url);
    const out = createWriteStream(`${target}.part`, { highWaterMark: 1024 * 1024 });
    await pipeline(res.body, out);
    await syncPath(`${target}.part`);
    await rename(`${target}.part`, target);
    await syncPath(path.dirname(target), true);
    return out.bytesWritten;
  }
  const saved = await saveOutput({
    http,
    url,
    type: url.endsWith('.mp4') ? 'video' : 'image',
    root,
    template: '{batch}/{index}.{ext}',
    collision: 'suffix',
    vars: benchVars(i),
    sidecar: benchSidecar(i),
    pngText: PNG_TEXT,
  });
  return saved.bytes;
}

/** One pass of one side over the files; adds its bytes, wall time and CPU time to `into`. */
export async function pass(
  side: SideName,
  urls: readonly string[],
  concurrency: number,
  into: Side,
  root: string,
  http: Http,
): Promise<void> {
  if (side === 'durable') await makeDirs(path.join(root, 'durable'));
  const t = performance.now();
  const cpu = cpuMs();
  await pool(urls, concurrency, async (url) => {
    // Not `into.bytes += await ...`: that reads into.bytes before the wait and loses updates.
    const bytes = await fetchOne(side, url, root, http);
    into.bytes += bytes;
  });
  into.ms += performance.now() - t;
  into.cpuMs += cpuMs() - cpu;
}
