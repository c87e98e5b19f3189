// Where Genloom keeps its database and outputs by default: the platform's user data folder,
// the same one Electron's app.getPath('userData') gives for an app named Genloom, so the CLI
// and the desktop app share one history. GENLOOM_HOME overrides it.
import os from 'node:os';
import path from 'node:path';
import type { ModelEntry } from '../../shared/catalog/types';
import { isFileUrl, isLocalRef, mediaRefs, replaceAt } from './media/media-refs';

export const APP_FOLDER = 'Genloom';

export interface HomeEnv {
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  homedir?: string;
}

/** The user data folder for Genloom on this platform (absolute). */
export function genloomHome({
  env = process.env,
  platform = process.platform,
  homedir = os.homedir(),
}: HomeEnv = {}): string {
  const override = env['GENLOOM_HOME']?.trim();
  if (override) return path.resolve(override);
  // Each platform's own path module, so a Windows path is built the Windows way in tests too.
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (platform === 'darwin') return p.join(homedir, 'Library', 'Application Support', APP_FOLDER);
  if (platform === 'win32') {
    const appData = env['APPDATA']?.trim() || p.join(homedir, 'AppData', 'Roaming');
    return p.join(appData, APP_FOLDER);
  }
  const xdg = env['XDG_CONFIG_HOME']?.trim();
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const config = xdg && p.isAbsolute(xdg) ? xdg : p.join(homedir, '.config');
  return p.join(config, APP_FOLDER);
}

export function defaultDbFile(home: string): string {
  return path.join(home, 'genloom.db');
}

export function defaultOutputDir(home: string): string {
  return path.join(home, 'outputs');
}

/**
 * A folder the user typed, made absolute against a base the caller chooses (the CLI: the
 * current folder, or the spec file's folder), with `~` expanded: the engine itself refuses a
 * relative output.dir instead of guessing which folder it was meant to be under.
 */
export function absoluteFolder(
  folder: string,
  { base, homedir = os.homedir() }: { base: string; homedir?: string },
): string {
  const home = /^~(?=$|[\\/])/.test(folder);
  return path.resolve(home ? homedir : base, home ? `.${folder.slice(1)}` : folder);
}

/**
 * `params` with every local media path (any image field: a flag, a CSV column, a grid value)
 * made absolute against `base`, `~` expanded; URLs, data: URLs and file:// URLs stay as they
 * are. Planning stores task params like this, so a resume from another folder submits the
 * very files planning checked instead of resolving them against its own working folder.
 */
export function absoluteMediaPaths(
  entry: ModelEntry,
  params: Record<string, unknown>,
  base: string,
  homedir: string = os.homedir(),
): Record<string, unknown> {
  let out = params;
  for (const ref of mediaRefs(entry, params)) {
    const text = ref.ref.trim();
    if (!isLocalRef(ref) || isFileUrl(text)) continue;
    const abs = absoluteFolder(text, { base, homedir });
    if (abs !== ref.ref) out = replaceAt(out, ref.at, abs) as Record<string, unknown>;
  }
  return out;
}
