/**
 * `<output>.json` beside each output: everything needed to know where a file came from
 * without the database. API keys never appear here: params are the validated catalog input.
 * Also the durable-write steps the sidecar and the download share: batched writes into a
 * file, a synced new file, and a folder fsync shared by everyone who renamed into it.
 */
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from './temp-path';

export const SIDECAR_VERSION = 1;

export interface SidecarData {
  provider: string;
  model: string;
  remoteTaskId: string | null;
  taskId: string;
  batchId: string;
  batchName: string;
  prompt: string;
  seed: number | null;
  params: Record<string, unknown>;
  inputs: { path: string; relPath: string; bytes: number; sha256: string }[];
  cost: { estimated: number | null; actual: number | null; currency: string };
  /** Unix ms; written as ISO strings too for people reading the file. */
  times: {
    createdAt: number;
    submittedAt: number | null;
    finishedAt: number | null;
    downloadedAt: number;
  };
  output: {
    file: string;
    index: number;
    type: string;
    bytes: number;
    sha256: string;
    sourceUrl: string;
  };
}

export function sidecarPathFor(outputPath: string): string {
  return `${outputPath}.json`;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function sidecarJson(data: SidecarData): string {
  const t = data.times;
  return `${JSON.stringify(
    {
      genloomSidecar: SIDECAR_VERSION,
      ...data,
      timesIso: {
        createdAt: iso(t.createdAt),
        submittedAt: iso(t.submittedAt),
        finishedAt: iso(t.finishedAt),
        downloadedAt: iso(t.downloadedAt),
      },
    },
    null,
    2,
  )}\n`;
}

/** Queued pieces go out in batches: one writev runs while the next pieces arrive. */
export class FileSink {
  private queue: Buffer[] = [];
  private queued = 0;
  private running: Promise<void> | null = null;
  private error: unknown = null;
  constructor(private readonly fh: FileHandle) {}

  write(pieces: readonly Buffer[]): Promise<void> {
    if (this.error !== null) return Promise.reject(this.error);
    for (const piece of pieces) if (piece.length > 0) this.queue.push(piece);
    for (const piece of pieces) this.queued += piece.length;
    if (this.queue.length > 0) this.running ??= this.drain();
    return this.queued > HIGH_WATER && this.running ? this.running : Promise.resolve();
  }

  /** Resolves once every queued byte is in the file; rejects if a write failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.error !== null) throw this.error;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        let batch = this.queue;
        this.queue = [];
        // A short writev (a signal) leaves a rest that goes again.
        for (let size = sizeOf(batch); size > 0;) {
          const { bytesWritten } = await this.fh.writev(batch);
          this.queued -= bytesWritten;
          size -= bytesWritten;
          batch = size > 0 ? [Buffer.concat(batch).subarray(bytesWritten)] : [];
        }
      }
    } catch (err) {
      this.error = err;
      this.queue = [];
    } finally {
      this.running = null;
    }
  }
}

/** Queued bytes past which the reader waits for the disk. */
const HIGH_WATER = 4 * 1024 * 1024;
const sizeOf = (bufs: readonly Buffer[]): number => bufs.reduce((n, b) => n + b.length, 0);

/** Writes `text` to a new file and syncs it (data and size: fdatasync). */
export async function writeSynced(path: string, text: string): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // a folder cannot be opened for fsync there
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some filesystems refuse fsync on a folder; the files themselves are synced.
  }
}

/** Per folder: the fsync running now, and the one that will start after it. */
const dirSyncs = new Map<string, { running: Promise<void> | null; next: Promise<void> | null }>();

/**
 * fsync of a folder, so renames into it survive a power loss. Group commit: a rename is
 * covered only by an fsync that starts after it, so a caller joins the fsync queued to start
 * after the running one; everyone who renamed meanwhile shares it: one fsync, not one each.
 */
export function syncDir(dir: string): Promise<void> {
  const s = dirSyncs.get(dir) ?? { running: null, next: null };
  dirSyncs.set(dir, s);
  if (s.next) return s.next;
  const next = (s.running ?? Promise.resolve()).then(async () => {
    s.next = null;
    s.running = next;
    try {
      await fsyncDir(dir);
    } finally {
      s.running = null;
      if (!s.next) dirSyncs.delete(dir);
    }
  });
  s.next = next;
  return next;
}

/** Writes the sidecar atomically and durably (temp file, sync, rename, folder sync). */
export async function writeSidecar(outputPath: string, data: SidecarData): Promise<string> {
  const target = sidecarPathFor(outputPath);
  const tmp = tempPathFor(target);
  try {
    await writeSynced(tmp, sidecarJson(data));
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(dirname(target));
  return target;
}
