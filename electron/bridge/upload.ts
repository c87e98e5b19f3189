// The bridge's upload route: a browser cannot name a dropped file's path, so it sends the
// file itself. Token, Origin and Host are checked like the socket's; the body is capped by
// size as it streams; only image bytes are kept (the magic numbers decide, not the name); the
// name is cut to safe segments; the file lands whole or not at all (a temp file, then a link
// to a free name) in <home>/uploads/<drop>/. The answer names the stored path.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { MAX_UPLOAD_BYTES, UPLOAD_DROP_ID } from '../../shared/ipc/media-url';

const MAX_SEGMENTS = 8;
const MAX_SEGMENT_CHARS = 120;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Image types by their first bytes, with the extensions their files may carry. */
const SIGNATURES: readonly { ext: string; also: readonly string[]; match(b: Buffer): boolean }[] = [
  { ext: '.png', also: [], match: (b) => b.subarray(0, 8).equals(PNG) },
  { ext: '.jpg', also: ['.jpeg'], match: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    ext: '.webp',
    also: [],
    match: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
  { ext: '.gif', also: [], match: (b) => /^GIF8[79]a$/.test(b.toString('latin1', 0, 6)) },
  { ext: '.bmp', also: [], match: (b) => b.toString('latin1', 0, 2) === 'BM' },
];
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KINDS = 'PNG, JPEG, WebP, GIF or BMP';

export interface UploadOptions {
  /** <home>/uploads */
  dir: string;
  headers: Record<string, string>;
}

class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** One path segment a file system takes everywhere, or '' when nothing usable is left. */
export function safeSegment(raw: string): string {
  let name = raw
    .normalize('NFC')
    // Control characters (a file system takes them, nothing else does).
    .replace(/\p{Cc}/gu, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if ([...name].length > MAX_SEGMENT_CHARS) {
    const ext = path.extname(name).slice(0, 10);
    name = [...name].slice(0, MAX_SEGMENT_CHARS - ext.length).join('') + ext;
  }
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  return name;
}

/** The relative path to store under, its segments made safe; refuses what has no name. */
export function safeRelativePath(name: string): string {
  const segments = name
    .split(/[\\/]+/)
    .map(safeSegment)
    .filter((s) => s !== '');
  if (segments.length === 0) {
    throw new UploadRefused(400, 'name', 'name: must name the file (e.g. photo.png)');
  }
  if (segments.length > MAX_SEGMENTS) {
    throw new UploadRefused(400, 'name', `name: must be at most ${MAX_SEGMENTS} folders deep`);
  }
  return segments.join('/');
}

/** The stored name: the sniffed type's extension unless the name already carries one of it. */
export function withImageExtension(rel: string, head: Buffer): string {
  const kind = SIGNATURES.find((s) => s.match(head));
  if (!kind) {
    throw new UploadRefused(415, 'file', `file: must be an image (${KINDS}); this one is not`);
  }
  const ext = path.extname(rel).toLowerCase();
  return ext === kind.ext || kind.also.includes(ext) ? rel : `${rel}${kind.ext}`;
}

function reply(
  res: ServerResponse,
  headers: Record<string, string>,
  status: number,
  body: unknown,
) {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Streams the body to `temp`, refusing past the cap; returns its first bytes. */
async function receive(req: IncomingMessage, temp: string): Promise<Buffer> {
  let bytes = 0;
  let head = Buffer.alloc(0);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      // Past the cap nothing more is written, but the body is read to its end (loopback only,
      // nothing kept), so the browser gets the answer instead of a reset connection.
      if (bytes > MAX_UPLOAD_BYTES) return done();
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16)]);
      done(null, chunk);
    },
  });
  await pipeline(req, counter, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
  if (bytes > MAX_UPLOAD_BYTES) throw tooLarge();
  if (bytes === 0) throw new UploadRefused(400, 'file', 'file: must not be empty');
  // Durable before it is named: a crash never leaves half an image under the real name.
  const handle = await open(temp, 'r+');
  await handle.sync().finally(() => handle.close());
  return head;
}

const tooLarge = () =>
  new UploadRefused(413, 'file', `file: must be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);

/** Links `temp` to `target`, or to target-1, target-2... when a file of that name exists. */
async function linkFree(temp: string, target: string): Promise<string> {
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 0; n < 1000; n++) {
    const candidate = n === 0 ? target : `${stem}-${n}${ext}`;
    try {
      await link(temp, candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new UploadRefused(409, 'name', 'name: too many files of this name in one drop');
}

export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: UploadOptions,
): Promise<void> {
  const refuse = (status: number, field: string, message: string) =>
    reply(res, options.headers, status, {
      ok: false,
      error: { code: 'invalid_input', message, issues: [{ field, message }] },
    });
  const drop = url.searchParams.get('drop') ?? '';
  if (!UPLOAD_DROP_ID.test(drop)) {
    res.setHeader('Connection', 'close');
    return refuse(400, 'drop', 'drop: must be 8 to 64 letters, digits or dashes');
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > MAX_UPLOAD_BYTES) {
    res.setHeader('Connection', 'close');
    return refuse(413, 'file', tooLarge().message);
  }
  const folder = path.join(options.dir, drop);
  const temp = path.join(options.dir, `.upload-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    const rel = safeRelativePath(url.searchParams.get('name') ?? '');
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const head = await receive(req, temp);
    const target = path.join(folder, withImageExtension(rel, head));
    await mkdir(path.dirname(target), { recursive: true });
    const stored = await linkFree(temp, target);
    // top: what was dropped, as stored (the file, or the top folder of a dropped folder).
    const first = path.relative(folder, stored).split(path.sep)[0] ?? '';
    reply(res, options.headers, 200, { ok: true, path: stored, top: path.join(folder, first) });
  } catch (error) {
    // The temp file goes before the answer: a caller that reads the folder after a refusal
    // finds nothing of it.
    await rm(temp, { force: true });
    // The rest of a refused body is not read: the connection closes after the answer.
    res.setHeader('Connection', 'close');
    if (error instanceof UploadRefused) return refuse(error.status, error.field, error.message);
    reply(res, options.headers, 500, {
      ok: false,
      error: { code: 'internal', message: 'file: could not be stored on this computer' },
    });
  } finally {
    await rm(temp, { force: true });
  }
}
