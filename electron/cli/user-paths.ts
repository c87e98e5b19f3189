// Paths the user typed, read from the folder they typed them in. `npm run genloom` changes the
// working folder to the package root before the CLI starts; npm keeps the user's folder in
// INIT_CWD. The engine refuses a relative output folder, and stored parameters are read again
// by a later `resume` from wherever it runs, so every path leaves the CLI absolute.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ModelEntry } from '../../shared/catalog/types';
import { absoluteFolder } from '../engine/paths';
import { isLocalRef, localPathOf, mediaRefs, replaceAt } from '../engine/media/media-refs';

type Env = Readonly<Record<string, string | undefined>>;

/** The folder the command was typed in: npm's INIT_CWD when it names a folder, else cwd. */
export function userCwd(env: Env = process.env, cwd: string = process.cwd()): string {
  const init = env['INIT_CWD']?.trim();
  if (init && path.isAbsolute(init)) {
    try {
      if (statSync(init).isDirectory()) return init;
    } catch {
      // Gone since npm started: the process's own folder is the best remaining guess.
    }
  }
  return cwd;
}

/** A typed path made absolute against the user's folder (`~` expanded). */
export function userPath(typed: string, base: string = userCwd()): string {
  return absoluteFolder(typed, { base });
}

/** The value with every local image path it holds made absolute against `base`. */
function absoluteRefs(entry: ModelEntry, key: string, value: unknown, base: string): unknown {
  let params: Record<string, unknown> = { [key]: value };
  for (const ref of mediaRefs(entry, params)) {
    if (!isLocalRef(ref)) continue;
    const text = ref.ref.trim();
    // file:// URLs are absolute already; a path keeps its text form, made absolute.
    if (text.startsWith('file:')) continue;
    const abs = localPathOf(text.startsWith('~') ? userPath(text, base) : text, base);
    params = replaceAt(params, ref.at, abs) as Record<string, unknown>;
  }
  return params[key];
}

/**
 * `--set` values (single values and `{a|b}` alternatives) with local image paths made
 * absolute, so `--set image_urls=["./a.png"]` means the file next to the user.
 */
export function absoluteMediaParams(
  entry: ModelEntry | undefined,
  params: Record<string, unknown>,
  grid: Record<string, unknown[]>,
  base: string = userCwd(),
): void {
  if (entry === undefined) return;
  for (const key of Object.keys(params)) params[key] = absoluteRefs(entry, key, params[key], base);
  for (const key of Object.keys(grid)) {
    grid[key] = (grid[key] ?? []).map((value) => absoluteRefs(entry, key, value, base));
  }
}
