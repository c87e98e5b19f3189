// Special files for tests: a named pipe (FIFO) that blocks any reader that opens it, and the
// device paths that never end. Linux only: elsewhere the helpers answer undefined and the
// tests that need them are skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ON_LINUX = process.platform === 'linux';

/** An endless character device: reading it never reaches end of file. */
export const DEV_ZERO = ON_LINUX && existsSync('/dev/zero') ? '/dev/zero' : undefined;

/** Creates a FIFO named `name` in `dir`; undefined where mkfifo is not available. */
export function makeFifo(dir: string, name: string): string | undefined {
  if (!ON_LINUX) return undefined;
  const file = join(dir, name);
  const made = spawnSync('mkfifo', [file], { timeout: 5000 });
  return made.status === 0 ? file : undefined;
}
