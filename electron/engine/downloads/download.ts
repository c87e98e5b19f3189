/**
 * Streams a result URL to a temp file beside its target, hashing while it writes, then
 * fsyncs and renames it into place: a file at the target path is always complete.
 * Drops are retried with backoff and resumed with Range when the server allows it. An inline
 * output (a data: URL) takes the same path from the temp file on, so it is saved the same way.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
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
   * Runs on the complete, fsynced temp file before it is renamed into place (e.g. to add a
   * PNG text chunk). Return true when it changed the file: size and sha256 are then
   * recomputed, so the recorded hash always matches the file on disk.
   */
  beforeCommit?: (tempPath: string, contentType: string | null) => Promise<boolean> | boolean;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  contentType: string | null;
  attempts: number;
  /** True when at least one attempt continued from a partial file with Range. */
  resumed: boolean;
}

/** Progress of one download across attempts: the bytes in the temp file and their hash. */
interface Progress {
  offset: number;
  hash: Hash;
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

async function writeBody(
  body: Readable,
  fh: FileHandle,
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
      await fh.write(chunk);
      // Hash and count only what reached the file, so a resume continues exactly there.
      p.hash.update(chunk);
      p.offset += chunk.length;
      opts.onProgress?.(p.offset, total);
    }
  } catch (err) {
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
      restart(p);
      throw retryable('The server refused to resume; starting over.');
    }
    throw err;
  }
  if (res.status !== 206 || !resume) restart(p);
  else p.resumed = true;
  const total = expectedTotal(res, p);
  if (total === -1) {
    res.body.destroy();
    restart(p);
    throw retryable('The server resumed at the wrong offset; starting over.');
  }
  p.rangeOk = p.rangeOk || res.status === 206 || /bytes/i.test(res.headers['accept-ranges'] ?? '');
  p.validator = res.headers.etag ?? res.headers['last-modified'] ?? p.validator;
  p.contentType = res.headers['content-type'] ?? p.contentType;

  const fh = await open(tmp, p.offset === 0 ? 'w' : 'a');
  try {
    await writeBody(res.body, fh, p, total, opts);
    if (total !== null && p.offset !== total) {
      p.truncated = { got: p.offset, expected: total };
      if (p.offset > total) restart(p);
      throw retryable(`The body ended after ${p.offset} of ${total} bytes.`);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The whole file is in the URL: one write, no retries (nothing can drop). */
async function writeInline(tmp: string, p: Progress, opts: DownloadOptions): Promise<void> {
  const { bytes, type } = decodeDataUrl(opts.url, opts.maxBytes);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  p.hash.update(bytes);
  p.offset = bytes.length;
  p.contentType = type;
  opts.onProgress?.(p.offset, p.offset);
}

function restart(p: Progress): void {
  p.offset = 0;
  p.hash = createHash('sha256');
}

/** Size and sha256 of a file on disk. */
export async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** fsync the folder so the rename itself survives a power loss. Not possible on Windows. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the file itself is already synced.
  }
}

export async function download(opts: DownloadOptions): Promise<DownloadResult> {
  const tmp = tempPathFor(opts.target);
  const p: Progress = {
    offset: 0,
    hash: createHash('sha256'),
    rangeOk: false,
    validator: undefined,
    contentType: null,
    resumed: false,
    truncated: null,
  };
  let attempts = 0;
  try {
    await makeDirs(dirname(opts.target));
    await removeStaleTemps(opts.target);
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
    let result = { bytes: p.offset, sha256: p.hash.digest('hex') };
    if (opts.beforeCommit && (await opts.beforeCommit(tmp, p.contentType))) {
      result = await hashFile(tmp);
    }
    await rename(tmp, opts.target);
    await syncDir(dirname(opts.target));
    return {
      path: opts.target,
      ...result,
      contentType: p.contentType,
      attempts,
      resumed: p.resumed,
    };
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    if (err instanceof DownloadError) throw err;
    if (isProviderError(err)) throw toDownloadError(err, p.truncated);
    throw new DownloadError(
      'io_error',
      `Could not write ${opts.target}: ${fsReason(err, 'a file')}`,
      {
        cause: err,
      },
    );
  }
}
