/**
 * Folder creation that always ends and never leaves the output folder.
 *
 * Node 20's `mkdir(p, { recursive: true })` loops forever (at full CPU, and the sync variant
 * blocks the event loop, so Ctrl+C cannot stop it) when mkdir answers ENOENT under a parent
 * that exists, as in /proc/x. Folders are therefore created one level at a time here. And
 * inside the output folder each level is checked, after following symlinks, to be inside it
 * BEFORE the next level is created: a symlink pointing out cannot make Genloom create folders
 * elsewhere.
 */
import { mkdirSync, statSync } from 'node:fs';
import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, parse, relative, sep } from 'node:path';
import { NamingError } from '../../../shared/naming/template';

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** An fs-style error naming the path, so callers can say which part is in the way. */
function notADir(path: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${path} is a file, not a folder`);
  err.code = 'ENOTDIR';
  err.path = path;
  return err;
}

async function isDir(path: string): Promise<boolean | null> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    if (errno(err) === 'ENOENT') return null;
    throw err;
  }
}

/** One level: fine when it exists as a folder (also when another process just made it). */
async function mkdirOne(path: string): Promise<boolean> {
  try {
    await mkdir(path);
    return true;
  } catch (err) {
    if (errno(err) !== 'EEXIST') throw err;
    if ((await isDir(path)) !== true) throw notADir(path);
    return false;
  }
}

/**
 * `mkdir -p` for an absolute path. Returns the topmost folder it created (undefined when all
 * existed), so a caller that only probed can remove what it made.
 */
export async function makeDirs(abs: string): Promise<string | undefined> {
  const missing: string[] = [];
  let cur = abs;
  const top = parse(abs).root;
  // Walk up to the deepest level that exists; a file on the way is refused by name.
  for (;;) {
    // ENOTDIR: some level above is a file; keep walking up to name it.
    const d = await isDir(cur).catch((err: unknown) => {
      if (errno(err) === 'ENOTDIR') return null;
      throw err;
    });
    if (d === true) break;
    if (d === false) throw notADir(cur);
    if (cur === top) break;
    missing.push(cur);
    cur = dirname(cur);
  }
  let first: string | undefined;
  for (const dir of missing.reverse()) {
    if ((await mkdirOne(dir)) && first === undefined) first = dir;
  }
  return first;
}

/**
 * The same walk, synchronous, for start-up folders (the data folder, the database's folder),
 * where `mkdirSync(p, { recursive: true })` would block the process forever on /proc/x.
 */
export function makeDirsSync(abs: string): void {
  const missing: string[] = [];
  const top = parse(abs).root;
  for (let cur = abs; ; cur = dirname(cur)) {
    let info;
    try {
      info = statSync(cur);
    } catch (err) {
      if (errno(err) !== 'ENOENT' && errno(err) !== 'ENOTDIR') throw err;
    }
    if (info?.isDirectory()) break;
    if (info) throw notADir(cur);
    if (cur === top) break;
    missing.push(cur);
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (err) {
      if (errno(err) !== 'EEXIST' || !statSync(dir).isDirectory()) throw err;
    }
  }
}

function inside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/**
 * Creates `relDir` (relative, already checked not to climb) under `realRoot` (a real path),
 * level by level; each existing level is resolved through symlinks and must stay inside.
 */
export async function makeDirsInside(realRoot: string, relDir: string): Promise<void> {
  let cur = realRoot;
  for (const part of relDir.split(/[\\/]+/).filter((p) => p !== '' && p !== '.')) {
    const next = join(cur, part);
    let info;
    try {
      info = await lstat(next);
    } catch (err) {
      if (errno(err) !== 'ENOENT') throw err;
      await mkdirOne(next);
      cur = next;
      continue;
    }
    if (info.isSymbolicLink()) {
      const real = await realpath(next);
      if (!inside(realRoot, real)) {
        throw new NamingError(
          'path_escape',
          `The folder ${next} links outside the output folder (to ${real}); nothing was written there.`,
        );
      }
      if ((await isDir(real)) !== true) throw notADir(next);
      cur = real;
    } else if (info.isDirectory()) {
      cur = next;
    } else {
      throw notADir(next);
    }
  }
}
