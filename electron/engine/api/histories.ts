// Demo mode and live mode keep their own history (database and outputs): demo batches ran
// against the simulator and must never be driven against a real provider, nor real ones
// against the simulator. So nothing is merged; instead the app says which history is open and
// what the other one holds, so a demo batch never disappears without a word.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultDbFile } from '../paths';
import { openStore } from '../store/connection';
import type { Logger } from '../vault/redact';

export const DEMO_FOLDER = 'demo';

export interface OtherHistory {
  demo: boolean;
  dir: string;
  batches: number;
  unfinished: number;
}

/** The folder whose database and outputs a mode uses: <home>/demo for demo mode. */
export function historyDir(home: string, demo: boolean): string {
  return demo ? path.join(home, DEMO_FOLDER) : home;
}

/** Counting stops here: "10000 batches" is as telling as any larger number. */
const COUNT_CAP = 10_000;

/**
 * What the history of the other mode holds, or null when it has no batch (or no database).
 * Opened only when its file exists, read, and closed at once; a database another process
 * drives is read all the same (WAL), and one that cannot be read counts as none.
 */
export function describeOtherHistory(
  home: string,
  demoOpen: boolean,
  log?: Logger,
): OtherHistory | null {
  const demo = !demoOpen;
  const dir = historyDir(home, demo);
  const file = defaultDbFile(dir);
  if (!existsSync(file)) return null;
  try {
    const store = openStore(file);
    try {
      const batches = store.batches.list({ limit: COUNT_CAP }).length;
      if (batches === 0) return null;
      const unfinished = store.batches.list({
        statuses: ['active', 'paused'],
        limit: COUNT_CAP,
      }).length;
      return { demo, dir, batches, unfinished };
    } finally {
      store.close();
    }
  } catch (error) {
    log?.error(`the ${demo ? 'demo' : 'live'} history in ${dir} could not be read`, {
      error: String(error),
    });
    return null;
  }
}
