/**
 * Checks on where outputs will go, run when a batch is planned: before anything is submitted
 * (and paid for). The folder must be absolute, creatable and writable; every rendered output
 * path must fit the platform's path length with what Genloom may still add to it.
 * checkOutputDir is also what a form field (output.dir) can call as the user types.
 */
import { randomBytes } from 'node:crypto';
import { open, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { EXT_MAX, NAME_EXTRA_BYTES, utf8Bytes } from '../../../shared/naming/fit';
import type { SpecIssue } from '../../../shared/schemas/batch';
import { makeDirs } from './dirs';
import { TEMP_NAME_MAX } from './temp-path';

const FIELD = 'output.dir';

/** Why a folder operation failed, in words (the fs error's own text says too little). */
export function fsReason(err: unknown, what: 'a folder' | 'a file' = 'a folder'): string {
  const e = err as NodeJS.ErrnoException | null;
  switch (e?.code) {
    case 'ENOTDIR':
      return e.message.includes('is a file, not a folder') ? e.message : 'a part of it is a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ENOENT':
      return `the system does not allow creating ${what} there`;
    case 'EEXIST':
      return 'a file of that name is in the way';
    default:
      return e?.code ? `${e.code}: ${e.message}` : String(err);
  }
}

/** Removes folders a probe created (deepest first); keeps any that something else filled. */
async function undoCreated(dir: string, first: string): Promise<void> {
  for (let d = dir; d.length >= first.length; d = path.dirname(d)) {
    await rmdir(d).catch(() => undefined);
    if (d === first) break;
  }
}

async function probeOnce(dir: string): Promise<void> {
  const probe = path.join(dir, `.genloom-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const fh = await open(probe, 'wx');
    try {
      await fh.writeFile('probe');
    } finally {
      await fh.close();
    }
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

/**
 * The output folder as a form field sees it: absolute, creatable (missing levels are
 * created), and writable (a probe file is written and removed). What the check created is
 * removed again unless `keep` is set, so a dry run or a field checked as the user types
 * leaves no folders behind; the delivery creates them when the first file arrives.
 * Empty when fine; otherwise issues that name output.dir and the reason.
 */
export async function checkOutputDir(
  dir: string,
  opts: { keep?: boolean } = {},
): Promise<SpecIssue[]> {
  const issue = (message: string): SpecIssue[] => [{ field: FIELD, message }];
  if (dir.includes('\0')) return issue(`${FIELD} must not contain a NUL character.`);
  if (!path.isAbsolute(dir)) {
    return issue(
      `${FIELD} must be an absolute folder path (got "${dir}"): a relative one would depend on the folder Genloom was started from.`,
    );
  }
  const abs = path.resolve(dir);
  // Twice at most: a concurrent check may remove a folder it created between our steps.
  for (let attempt = 1; ; attempt++) {
    let first: string | undefined;
    try {
      first = await makeDirs(abs);
    } catch (err) {
      return issue(`${FIELD} "${dir}" cannot be created: ${fsReason(err)}.`);
    }
    try {
      await probeOnce(abs);
      return [];
    } catch (err) {
      if (attempt < 2 && (err as NodeJS.ErrnoException).code === 'ENOENT' && first === undefined) {
        continue;
      }
      return issue(`${FIELD} "${dir}" is not writable: ${fsReason(err, 'a file')}.`);
    } finally {
      if (first !== undefined && !opts.keep) await undoCreated(abs, first);
    }
  }
}

/** The longest path the platform takes (its limit less the terminating NUL). */
export function pathLimit(platform: NodeJS.Platform, opts: { longPaths?: boolean } = {}): number {
  if (platform === 'win32') return opts.longPaths ? 32_766 : 259;
  return platform === 'darwin' ? 1023 : 4095;
}

const OS_NAME: Partial<Record<NodeJS.Platform, string>> = { darwin: 'macOS', win32: 'Windows' };

/**
 * Null when `rel` (a rendered output path) under `root` fits the platform's path limit even
 * with everything Genloom may add (a longer extension, a collision suffix, the .json sidecar,
 * the temporary download name); otherwise the reason, naming the fields to change.
 */
export function checkOutputPath(
  root: string,
  rel: string,
  platform: NodeJS.Platform = process.platform,
  opts: { longPaths?: boolean } = {},
): string | null {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const abs = p.join(root, ...rel.split('/'));
  // Windows counts UTF-16 units; the others count bytes.
  const len = platform === 'win32' ? (s: string): number => s.length : utf8Bytes;
  const name = p.basename(abs);
  const stem = name.replace(/\.[A-Za-z0-9]{1,8}$/, '');
  const worstName = Math.max(len(stem) + EXT_MAX + NAME_EXTRA_BYTES, TEMP_NAME_MAX);
  const worst = len(p.dirname(abs)) + 1 + worstName;
  const limit = pathLimit(platform, opts);
  if (worst <= limit) return null;
  const unit = platform === 'win32' ? 'characters' : 'bytes';
  return `The output path ${abs} would be up to ${worst} ${unit} long with what Genloom adds to it (a -N suffix, the .json sidecar), longer than ${OS_NAME[platform] ?? 'Linux'} allows (${limit} ${unit}): choose a shorter output.dir or output.template.`;
}
