/**
 * Temporary names for files being written: `.<name>.<pid>-<token>.part` beside the target.
 * Unique per process and per call, so two processes (say, after a driver-lease takeover) can
 * never write into the same temporary file; bounded in length, so a name that fits leaves
 * room for its temp file. Leftovers of a process that died are removed on the next write.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { truncateBytes } from '../../../shared/naming/fit';

/** `.` + 64 bytes of the name + `.` + pid (10) + `-` + token (8) + `.part`, rounded up. */
export const TEMP_NAME_MAX = 100;
const NAME_PART = 64;
/** A leftover is only removed when its writer is gone and it has not changed for this long. */
const STALE_MS = 10 * 60_000;

function prefixFor(target: string): string {
  return `.${truncateBytes(basename(target), NAME_PART)}.`;
}

export function tempPathFor(target: string): string {
  const token = randomBytes(4).toString('hex');
  return join(dirname(target), `${prefixFor(target)}${process.pid}-${token}.part`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files of `target` left by processes that no longer run. Never throws. */
export async function removeStaleTemps(target: string, now = Date.now()): Promise<void> {
  const prefix = prefixFor(target);
  const dir = dirname(target);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.part')) continue;
    const m = /^(\d+)-[0-9a-f]{8}\.part$/.exec(name.slice(prefix.length));
    if (!m || alive(Number(m[1]))) continue;
    const file = join(dir, name);
    try {
      if (now - (await stat(file)).mtimeMs > STALE_MS) await rm(file, { force: true });
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}
