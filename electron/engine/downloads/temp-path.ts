/**
 * Temporary names for files being written: `.<name>.<host>-<pid>-<token>.part` beside the
 * target. Unique per process and per call, so two processes (say, after a driver-lease
 * takeover) can never write into the same temporary file; bounded in length, so a name that
 * fits leaves room for its temp file. Leftovers of a process of this machine that died are
 * removed on the next write of the same file; a leftover from another machine (a shared
 * folder) only once it has not changed for a long while, since its pid means nothing here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { truncateBytes } from '../../../shared/naming/fit';

/** `.` + 64 bytes of the name + `.` + host (6) + `-` + pid (10) + `-` + token (8) + `.part`. */
export const TEMP_NAME_MAX = 100;
const NAME_PART = 64;
/** A leftover of another machine's process is removed once it has not changed for this long. */
const STALE_MS = 10 * 60_000;
/** This machine, in six hex digits: whose pids a temp name's pid can be checked against. */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);

function prefixFor(target: string): string {
  return `.${truncateBytes(basename(target), NAME_PART)}.`;
}

export function tempPathFor(target: string): string {
  const token = randomBytes(4).toString('hex');
  return join(dirname(target), `${prefixFor(target)}${HOST_TAG}-${process.pid}-${token}.part`);
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
    const m = /^(?:([0-9a-f]{6})-)?(\d+)-[0-9a-f]{8}\.part$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const ours = m[1] === HOST_TAG;
    if (ours && alive(Number(m[2]))) continue;
    const file = join(dir, name);
    try {
      // A dead process of this machine writes nothing more: its leftover goes at once.
      if (ours || now - (await stat(file)).mtimeMs > STALE_MS) await rm(file, { force: true });
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}
