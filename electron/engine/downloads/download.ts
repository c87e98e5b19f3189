/**
 * Streams a result URL to a temp file beside its target, then syncs and renames it into
 * place: a file at the target path is always complete. Bytes are hashed and PNG text put in on
 * the way (never read back), written in batches while the socket is read; a companion (the
 * sidecar) is written and synced while the file is, and a folder fsync shared by concurrent
 * downloads makes both renames durable. Drops are retried, resumed with Range when allowed.
 * An inline output (a data: URL) takes the same path from the temp file on.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { ProviderError, errorForTransport, isProviderError, withRetry } from '../http';
import type { Http, RetryPolicy, StreamResponse } from '../http';
import { makeDirs } from './dirs';
import { DownloadError, toDownloadError } from './download-error';
import { decodeDataUrl, isDataUrl } from './inline';
import { fsReason } from './output-dir';
import { PngTextStream } from './png-text';
import type { PngText } from './png-text';
import { FileSink, syncDir, writeSynced } from './sidecar';
import { removeStaleTemps, tempPathFor } from './temp-path';

export { DownloadError } from './download-error';
export { tempPathFor } from './temp-path';
export type { DownloadErrorCode } from './download-error';

export const DOWNLOAD_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxElapsedMs: 5 * 60_000,
  maxRetryAfterMs: 60_000,
};

/** What is known of a finished download before it is renamed into place. */
export interface DownloadedFile {
  bytes: number;
  sha256: string;
  contentType: string | null;
}

export interface DownloadOptions {
  url: string;
  /** Absolute path of the finished file; its folder is created. An existing file is replaced. */
  target: string;
  http: Http;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Called as bytes arrive; `total` is null when the server did not say. */
  onProgress?: (bytes: number, total: number | null) => void;
  /** Refuse bodies larger than this. */
  maxBytes?: number;
  /**
   * Text chunks put into a PNG as it streams (before its image data); any other file passes
   * unchanged. Size and sha256 are those of the file as written.
   */
  pngText?: readonly PngText[];
  /**
   * A small file made from the finished file's size and hash (its sidecar): written and
   * synced while the file is synced, renamed after it, durable by the same folder fsync.
   */
  companion?: (file: DownloadedFile) => { path: string; text: string };
  /**
   * Remove temp files a dead process left for this target (default true). It reads the whole
   * folder, O(files) per download, so saveOutput asks only when a path is downloaded again.
   */
  sweepTemps?: boolean;
}

export interface DownloadResult extends DownloadedFile {
  path: string;
  attempts: number;
  /** True when at least one attempt continued from a partial file with Range. */
  resumed: boolean;
  /** Where the companion was written, when one was asked for. */
  companionPath?: string;
}

/** Progress of one download across attempts. */
interface Progress {
  /** Bytes of the body taken in and written (where a resume continues). */
  offset: number;
  /** Bytes in the temp file (more than offset once PNG text is in). */
  written: number;
  /** sha256 of the bytes in the temp file. */
  hash: Hash;
  png: PngTextStream | null;
  /** The temp file, open once an attempt has written all of it (for the sync). */
  fh: FileHandle | null;
  rangeOk: boolean;
  validator: string | undefined;
  contentType: string | null;
  resumed: boolean;
  truncated: { got: number; expected: number } | null;
}

function retryable(message: string): ProviderError {
  return new ProviderError({
    code: 'network',
    message,
    retryable: true,
    mayHaveReachedServer: true,
  });
}

/** Expected full size from a 200 (Content-Length) or a 206 (Content-Range .../total). */
function expectedTotal(res: StreamResponse, p: Progress): number | null {
  if (res.status === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers['content-range'] ?? '');
    if (!m || Number(m[1]) !== p.offset) return -1;
    return m[3] === '*' ? null : Number(m[3]);
  }
  const len = res.headers['content-length'];
  return len !== undefined && /^\d+$/.test(len) ? Number(len) : null;
}

/** Queues bytes for the file, hashed in file order; waits only when writes lag. */
function put(pieces: readonly Buffer[], p: Progress, sink: FileSink): Promise<void> {
  for (const piece of pieces) {
    p.hash.update(piece);
    p.written += piece.length;
  }
  return sink.write(pieces);
}

/** The body's next chunk, with PNG text put in where it belongs. */
function take(chunk: Buffer, p: Progress, sink: FileSink): Promise<void> {
  p.offset += chunk.length;
  return put(p.png ? p.png.push(chunk) : [chunk], p, sink);
}

async function writeBody(
  body: Readable,
  sink: FileSink,
  p: Progress,
  total: number | null,
  opts: DownloadOptions,
): Promise<void> {
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (opts.maxBytes !== undefined && p.offset + chunk.length > opts.maxBytes) {
        body.destroy();
        throw new DownloadError(
          'too_large',
          `The file is larger than ${opts.maxBytes} bytes; refused.`,
        );
      }
      await take(chunk, p, sink);
      opts.onProgress?.(p.offset, total);
    }
  } catch (err) {
    // What was queued reaches the file before a resume continues after it; if a write
    // failed, the file's content is unknown and the next attempt starts over.
    await sink.flush().catch(() => restart(p, opts));
    if (err instanceof DownloadError) throw err;
    if (opts.signal?.aborted) throw errorForTransport(err, { name: 'the result host' });
    if (total !== null) p.truncated = { got: p.offset, expected: total };
    throw retryable(`The connection dropped after ${p.offset} bytes.`);
  }
}

async function attempt(tmp: string, p: Progress, opts: DownloadOptions): Promise<void> {
  const resume = p.offset > 0 && p.rangeOk;
  const headers: Record<string, string> = {};
  if (resume && p.validator) headers['if-range'] = p.validator;
  let res: StreamResponse;
  try {
    res = await opts.http.stream(opts.url, {
      signal: opts.signal,
      headers,
      range: resume ? { start: p.offset } : undefined,
    });
  } catch (err) {
    if (isProviderError(err) && err.httpStatus === 416 && resume) {
      restart(p, opts);
      throw retryable('The server refused to resume; starting over.');
    }
    throw err;
  }
  if (res.status !== 206 || !resume) restart(p, opts);
  else p.resumed = true;
  const total = expectedTotal(res, p);
  if (total === -1) {
    res.body.destroy();
    restart(p, opts);
    throw retryable('The server resumed at the wrong offset; starting over.');
  }
  p.rangeOk = p.rangeOk || res.status === 206 || /bytes/i.test(res.headers['accept-ranges'] ?? '');
  p.validator = res.headers.etag ?? res.headers['last-modified'] ?? p.validator;
  p.contentType = res.headers['content-type'] ?? p.contentType;

  await intoFile(tmp, p.written === 0 ? 'w' : 'a', p, async (sink) => {
    await writeBody(res.body, sink, p, total, opts);
    if (total !== null && p.offset !== total) {
      p.truncated = { got: p.offset, expected: total };
      if (p.offset > total) restart(p, opts);
      throw retryable(`The body ended after ${p.offset} of ${total} bytes.`);
    }
  });
}

/**
 * One attempt's writes into the temp file. When they all succeed the handle stays open
 * (p.fh) for the sync, so the file is not opened again; otherwise it is closed.
 */
async function intoFile(
  tmp: string,
  mode: 'w' | 'a',
  p: Progress,
  fill: (sink: FileSink) => Promise<void>,
): Promise<void> {
  const fh = await open(tmp, mode);
  const sink = new FileSink(fh);
  try {
    await fill(sink);
    await put(p.png?.end() ?? [], p, sink);
    await sink.flush();
    p.fh = fh;
  } catch (err) {
    await sink.flush().catch(() => undefined);
    await fh.close();
    throw err;
  }
}

/** The whole file is in the URL: one write, no retries (nothing can drop). */
async function writeInline(tmp: string, p: Progress, opts: DownloadOptions): Promise<void> {
  const { bytes, type } = decodeDataUrl(opts.url, opts.maxBytes);
  await intoFile(tmp, 'w', p, (sink) => take(bytes, p, sink));
  p.contentType = type;
  opts.onProgress?.(p.offset, p.offset);
}

function restart(p: Progress, opts: DownloadOptions): void {
  p.offset = 0;
  p.written = 0;
  p.hash = createHash('sha256');
  p.png = opts.pngText?.length ? new PngTextStream(opts.pngText) : null;
}

/**
 * The complete temp file into place: it and the companion are synced at the same time, the
 * file renamed before the companion (a companion never describes a missing file), then the
 * folder synced so both renames survive a power loss.
 */
async function commit(
  tmp: string,
  p: Progress,
  file: DownloadedFile,
  opts: DownloadOptions,
  temps: string[],
): Promise<string | undefined> {
  const companion = opts.companion?.(file);
  const companionTmp = companion ? tempPathFor(companion.path) : null;
  if (companionTmp) temps.push(companionTmp);
  const fh = p.fh;
  p.fh = null;
  try {
    await Promise.all([
      fh?.datasync(),
      companion && companionTmp ? writeSynced(companionTmp, companion.text) : undefined,
    ]);
  } finally {
    await fh?.close();
  }
  await rename(tmp, opts.target);
  if (companion && companionTmp) await rename(companionTmp, companion.path);
  const dirs = new Set([dirname(opts.target), ...(companion ? [dirname(companion.path)] : [])]);
  await Promise.all([...dirs].map(syncDir));
  return companion?.path;
}

export async function download(opts: DownloadOptions): Promise<DownloadResult> {
  const tmp = tempPathFor(opts.target);
  const temps = [tmp];
  const p: Progress = {
    offset: 0,
    written: 0,
    hash: createHash('sha256'),
    png: null,
    fh: null,
    rangeOk: false,
    validator: undefined,
    contentType: null,
    resumed: false,
    truncated: null,
  };
  let attempts = 0;
  try {
    restart(p, opts);
    await makeDirs(dirname(opts.target));
    if (opts.sweepTemps ?? true) await removeStaleTemps(opts.target);
    if (isDataUrl(opts.url)) {
      attempts = 1;
      await writeInline(tmp, p, opts);
    } else {
      await withRetry(
        (n) => {
          attempts = n;
          p.truncated = null;
          return attempt(tmp, p, opts);
        },
        opts.retry ?? DOWNLOAD_RETRY,
        { signal: opts.signal },
      );
    }
    const file = { bytes: p.written, sha256: p.hash.digest('hex'), contentType: p.contentType };
    const companionPath = await commit(tmp, p, file, opts, temps);
    return { path: opts.target, ...file, attempts, resumed: p.resumed, companionPath };
  } catch (err) {
    await p.fh?.close().catch(() => undefined);
    await Promise.all(temps.map((t) => rm(t, { force: true }).catch(() => undefined)));
    if (err instanceof DownloadError) throw err;
    if (isProviderError(err)) throw toDownloadError(err, p.truncated);
    const why = `Could not write ${opts.target}: ${fsReason(err, 'a file')}`;
    throw new DownloadError('io_error', why, { cause: err });
  }
}
