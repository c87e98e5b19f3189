/**
 * Reads a local media file without trusting its path: the type is checked before it is opened
 * (a FIFO blocks the opener, /dev/zero never ends), the size before it is read, and the read
 * itself is bounded, so a file that grows or is swapped after the check is still caught.
 * Issues name the file as the user gave it and the rule it breaks.
 */
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';

/** Reading stops here (and the file is refused) when neither the model nor the caller caps it. */
export const MAX_LOCAL_MEDIA_BYTES = 50_000_000;

/** A read that takes longer (a stalled network drive) ends with an issue instead of a hang. */
export const LOCAL_READ_TIMEOUT_MS = 30_000;

// O_NONBLOCK: if a FIFO slips in between the check and the open, the open returns at once
// instead of waiting for a writer. Windows has no such flag (and no FIFOs on disk).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export type LocalFileCheck = { ok: true; size: number } | { ok: false; issue: string };
export type LocalRead = { ok: true; bytes: Buffer; size: number } | { ok: false; issue: string };

export interface ReadOptions {
  /** Larger files are refused from their size, before a byte is read. */
  maxBytes: number;
  /** Names the file in issues (default: the path). */
  label?: string;
  timeoutMs?: number;
}

export function megabytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export function tooLarge(label: string, size: number, maxBytes: number): string {
  // "is 20.0 MB; at most 20.0 MB" would read as a contradiction: then exact bytes speak.
  const [got, max] =
    megabytes(size) === megabytes(maxBytes)
      ? [`${size} bytes`, `${maxBytes} bytes`]
      : [megabytes(size), megabytes(maxBytes)];
  return `${label}: is ${got}; at most ${max} is accepted`;
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function typeIssue(label: string, info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return `${label}: is a folder, not an image file`;
  return `${label}: not a regular file (${kindOf(info)})`;
}

function errnoIssue(label: string, err: unknown): string {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${label}: file not found`;
    case 'EACCES':
    case 'EPERM':
      return `${label}: cannot be read (permission denied)`;
    case 'ELOOP':
      return `${label}: cannot be read (a loop of symbolic links)`;
    case 'EAGAIN':
    case 'EWOULDBLOCK':
      return `${label}: not a regular file (it would block)`;
    default:
      return `${label}: cannot be read (${String(code ?? err)})`;
  }
}

/**
 * The type and size, without opening the file. A symbolic link is followed only when it
 * ends at a regular file.
 */
export async function checkLocalFile(file: string, label: string = file): Promise<LocalFileCheck> {
  let info: Stats;
  try {
    info = await lstat(file);
    if (info.isSymbolicLink()) info = await stat(file);
  } catch (err) {
    return { ok: false, issue: errnoIssue(label, err) };
  }
  const issue = typeIssue(label, info);
  return issue === null ? { ok: true, size: info.size } : { ok: false, issue };
}

async function readChecked(
  file: string,
  label: string,
  cap: number,
  size: number,
): Promise<LocalRead> {
  const handle = await open(file, OPEN_FLAGS);
  try {
    // The file opened must be the one checked, still a regular file, still under the cap.
    const info = await handle.stat();
    const issue = typeIssue(label, info);
    if (issue !== null) return { ok: false, issue } as const;
    if (info.size > cap) return { ok: false, issue: tooLarge(label, info.size, cap) } as const;
    // One byte more than expected tells a file that grows while it is read.
    const buffer = Buffer.allocUnsafe(Math.min(cap, Math.max(info.size, size)) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled === buffer.length) {
      return {
        ok: false,
        issue:
          filled > cap
            ? `${label}: grew while it was read; at most ${megabytes(cap)} is accepted`
            : `${label}: changed while it was read; try again`,
      } as const;
    }
    return { ok: true, bytes: buffer.subarray(0, filled), size: filled } as const;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads a whole local file of at most `maxBytes`, or says why not. Never blocks on a pipe. */
export async function readLocalFile(file: string, opts: ReadOptions): Promise<LocalRead> {
  const label = opts.label ?? file;
  const checked = await checkLocalFile(file, label);
  if (!checked.ok) return checked;
  if (checked.size > opts.maxBytes) {
    return { ok: false, issue: tooLarge(label, checked.size, opts.maxBytes) };
  }
  const read = readChecked(file, label, opts.maxBytes, checked.size);
  return withDeadline(read, label, opts.timeoutMs ?? LOCAL_READ_TIMEOUT_MS);
}

/**
 * A read cannot be cancelled once it is in the thread pool; the caller gets its answer at the
 * deadline and the handle is closed whenever the read returns.
 */
async function withDeadline(
  read: Promise<LocalRead>,
  label: string,
  timeoutMs: number,
): Promise<LocalRead> {
  const guarded = read.catch((err: unknown): LocalRead => ({
    ok: false,
    issue: errnoIssue(label, err),
  }));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<LocalRead>((resolve) => {
    const issue = `${label}: could not be read within ${timeoutMs / 1000} s`;
    timer = setTimeout(() => resolve({ ok: false, issue }), timeoutMs);
  });
  try {
    return await Promise.race([guarded, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The first `bytes` of a file that passed the same checks (enough for an image header). */
export async function readLocalPrefix(
  file: string,
  bytes: number,
  label: string = file,
): Promise<LocalRead> {
  const checked = await checkLocalFile(file, label);
  if (!checked.ok) return checked;
  const read = async (): Promise<LocalRead> => {
    const handle = await open(file, OPEN_FLAGS);
    try {
      const info = await handle.stat();
      const issue = typeIssue(label, info);
      if (issue !== null) return { ok: false, issue };
      const buffer = Buffer.alloc(Math.min(bytes, info.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return { ok: true, bytes: buffer.subarray(0, bytesRead), size: info.size };
    } finally {
      await handle.close().catch(() => undefined);
    }
  };
  return withDeadline(read(), label, LOCAL_READ_TIMEOUT_MS);
}
