/**
 * One result URL to one finished file: name it (template + collision policy, inside the
 * output folder), download it atomically with PNG text chunks put in as it streams (the hash
 * is the file's), and write the sidecar beside it. The runner calls this as soon as a task
 * succeeds; when it resolves, the file and its sidecar are on disk durably.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import type { Http, RetryPolicy } from '../http';
import type { CollisionPolicy, OutputType } from '../store/types';
import { download } from './download';
import { dataUrlExt, describeDataUrl, isDataUrl } from './inline';
import { planOutputPath, renderTemplate, resolveInside } from './naming';
import type { NamingVars } from './naming';
import type { PngText } from './png-text';
import { sidecarJson, sidecarPathFor } from './sidecar';
import { removeStaleTemps } from './temp-path';
import type { SidecarData } from './sidecar';

export interface SaveOutputOptions {
  http: Http;
  url: string;
  type: OutputType;
  /** The batch's output folder. */
  root: string;
  template: string;
  collision: CollisionPolicy;
  /** `ext` may be omitted: it is guessed from the URL, then from the type. */
  vars: Omit<NamingVars, 'ext'> & { ext?: string };
  /**
   * The path chosen by an earlier attempt (outputs.path while pending). Reused and
   * overwritten, so a resumed download does not leave `name-1.png` beside `name.png`.
   */
  reservedPath?: string | null;
  /** Called with the chosen path before the download starts (store it: outputs.setPath). */
  onPlanned?: (path: string) => void;
  sidecar: Omit<SidecarData, 'output' | 'times'> & {
    times: Omit<SidecarData['times'], 'downloadedAt'>;
  };
  /** Text chunks for PNG outputs; none when omitted. */
  pngText?: readonly PngText[];
  signal?: AbortSignal;
  retry?: RetryPolicy;
  onProgress?: (bytes: number, total: number | null) => void;
  maxBytes?: number;
  now?: () => number;
}

export interface SavedOutput {
  path: string;
  bytes: number;
  sha256: string;
  sidecarPath: string | null;
  /** True when the collision policy was 'skip' and a file was already there (not downloaded). */
  skipped: boolean;
}

const KNOWN_EXT = /^\.(png|jpe?g|webp|gif|bmp|mp4|webm|mov)$/i;

export function guessExt(url: string, type: OutputType): string {
  if (isDataUrl(url)) return dataUrlExt(url) ?? (type === 'video' ? 'mp4' : 'png');
  let ext = '';
  try {
    ext = extname(new URL(url).pathname);
  } catch {
    ext = '';
  }
  if (KNOWN_EXT.test(ext)) return ext.slice(1).toLowerCase();
  return type === 'video' ? 'mp4' : 'png';
}

/** Size and sha256 of a file on disk (a file kept by the 'skip' policy). */
export async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

export async function saveOutput(o: SaveOutputOptions): Promise<SavedOutput> {
  const ext = o.vars.ext ?? guessExt(o.url, o.type);
  let path: string;
  let release = (): void => undefined;
  if (o.reservedPath) {
    // Re-check: a path read back from the database is still only trusted inside the root.
    path = resolveInside(o.root, relative(resolve(o.root), o.reservedPath));
  } else {
    const plan = await planOutputPath(
      o.root,
      renderTemplate(o.template, { ...o.vars, ext }),
      o.collision,
    );
    if (plan.action === 'skip') {
      return { path: plan.path, ...(await hashFile(plan.path)), sidecarPath: null, skipped: true };
    }
    path = plan.path;
    release = plan.release;
  }
  try {
    o.onPlanned?.(path);
    // A path chosen before may hold a dead writer's half sidecar (download sweeps the file's).
    if (o.reservedPath) await removeStaleTemps(sidecarPathFor(path));
    const res = await download({
      url: o.url,
      target: path,
      http: o.http,
      signal: o.signal,
      retry: o.retry,
      onProgress: o.onProgress,
      maxBytes: o.maxBytes,
      pngText: o.pngText,
      // Only a path chosen before can have a dead writer's leftovers (a retry after a crash).
      sweepTemps: Boolean(o.reservedPath),
      companion: (file) => ({
        path: sidecarPathFor(path),
        text: sidecarJson({
          ...o.sidecar,
          times: { ...o.sidecar.times, downloadedAt: (o.now ?? Date.now)() },
          output: {
            file: basename(path),
            index: o.vars.index,
            type: o.type,
            bytes: file.bytes,
            sha256: file.sha256,
            sourceUrl: isDataUrl(o.url) ? describeDataUrl(o.url) : o.url,
          },
        }),
      }),
    });
    const sidecarPath = res.companionPath ?? null;
    return { path, bytes: res.bytes, sha256: res.sha256, sidecarPath, skipped: false };
  } finally {
    release();
  }
}
