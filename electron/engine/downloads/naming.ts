/**
 * Output naming: a template such as `{batch}/{input}-{index}.{ext}` becomes a relative path
 * that can never leave the chosen output folder. The template's own text is checked strictly
 * (an absolute template or a `..` in it is refused with a clear error); values filled in from
 * data (file names, batch names) are neutralised instead, since the user did not type them.
 */
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CollisionPolicy } from '../store/types';
import { NamingError } from '../../../shared/naming/template';
import { makeDirs, makeDirsInside } from './dirs';

export {
  checkTemplate,
  DEFAULT_TEMPLATE,
  NamingError,
  renderTemplate,
  safeSegment,
  TEMPLATE_VARS,
} from '../../../shared/naming/template';
export type { NamingErrorCode, NamingVars, TemplateVar } from '../../../shared/naming/template';

/** Joins root and a relative path, refusing anything that resolves outside root. */
export function resolveInside(root: string, rel: string): string {
  const base = resolve(root);
  if (rel.includes('\0') || isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.startsWith('\\')) {
    throw new NamingError(
      'path_escape',
      `The output path "${rel}" is not relative to the output folder.`,
    );
  }
  const abs = resolve(base, ...rel.split(/[\\/]+/));
  const r = relative(base, abs);
  if (r === '' || r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) {
    throw new NamingError(
      'path_escape',
      `The output path "${rel}" would leave the output folder ${base}.`,
    );
  }
  return abs;
}

/** Paths handed out but not yet written, so two downloads in this process never pick one name. */
const reserved = new Set<string>();

export interface PlannedPath {
  path: string;
  /** 'skip' when the policy is skip and the file exists: do not download. */
  action: 'write' | 'skip';
  /** Call once the file is written (or the download failed) to free the reservation. */
  release: () => void;
}

function withSuffix(path: string, n: number): string {
  const dir = dirname(path);
  const name = path.slice(dir.length + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? join(dir, `${name.slice(0, dot)}-${n}${name.slice(dot)}`) : `${path}-${n}`;
}

/**
 * Turns a rendered relative path into the absolute path to write, inside root, applying the
 * collision policy. Creates the parent folders one level at a time, each only once the level
 * above is known (after following symlinks) to be inside root: a symlinked subfolder can
 * neither smuggle a file out nor make Genloom create folders elsewhere.
 */
export async function planOutputPath(
  root: string,
  rel: string,
  policy: CollisionPolicy,
): Promise<PlannedPath> {
  const abs = resolveInside(root, rel);
  await makeDirs(resolve(root));
  await makeDirsInside(await realpath(resolve(root)), relative(resolve(root), dirname(abs)));
  const taken = (p: string): boolean => reserved.has(p) || existsSync(p);
  let path = abs;
  if (policy === 'skip' && taken(abs))
    return { path: abs, action: 'skip', release: () => undefined };
  if (policy === 'suffix') {
    for (let n = 1; taken(path); n++) {
      if (n > 100_000) throw new NamingError('path_escape', `Too many files named like ${abs}.`);
      path = withSuffix(abs, n);
    }
  }
  reserved.add(path);
  return { path, action: 'write', release: () => void reserved.delete(path) };
}
