// The recovery journal: an append-only file beside the database that holds each remote id the
// moment a submit answers, fsync'd BEFORE the database write is tried. When that write cannot
// land (another process holds the write lock, the disk is full, the process is killed right
// then), the next start reads the journal before anything else and writes what is missing, so
// a paid task is never left `submitting` without its remote id (APIXO: pay again or lose it).
import { closeSync, fsyncSync, openSync, readFileSync, ftruncateSync, writeSync } from 'node:fs';
import type { Store } from '../store/index';

export interface JournalEntry {
  taskId: string;
  remoteId: string;
  /** The attempt the id belongs to: a task retried since has a new key and is left alone. */
  idempotencyKey: string;
  submittedAt: number;
}

export interface RecoveryJournal {
  /** Durably records a remote id (fsync). Throws when the file cannot be written. */
  record(entry: JournalEntry): void;
  /** The database now holds this task's remote id: the entry is no longer needed. */
  settled(taskId: string): void;
  /** Writes every remote id the database lacks; returns how many. Run before recovery. */
  replay(store: Store): number;
  close(): void;
}

/** Truncate once this many bytes are written and nothing is pending. */
const COMPACT_BYTES = 64 * 1024;

function parseLine(line: string): JournalEntry | null {
  try {
    const v = JSON.parse(line) as Partial<JournalEntry>;
    if (
      typeof v.taskId === 'string' &&
      typeof v.remoteId === 'string' &&
      v.remoteId !== '' &&
      typeof v.idempotencyKey === 'string' &&
      typeof v.submittedAt === 'number'
    ) {
      return v as JournalEntry;
    }
  } catch {
    // A torn last line (killed mid-write): the entry was never acknowledged, skip it.
  }
  return null;
}

export function readJournal(file: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split('\n')
    .map(parseLine)
    .filter((e): e is JournalEntry => e !== null);
}

/** A journal at `file`; null (in-memory databases, tests) keeps nothing. */
export function openJournal(file: string | null): RecoveryJournal {
  if (file === null) {
    return { record: () => undefined, settled: () => undefined, replay: () => 0, close() {} };
  }
  let fd: number | null = null;
  let written = 0;
  const pending = new Set<string>();
  const handle = (): number => (fd ??= openSync(file, 'a', 0o600));

  return {
    record(entry) {
      const fdNow = handle();
      const line = `${JSON.stringify(entry)}\n`;
      writeSync(fdNow, line);
      fsyncSync(fdNow);
      written += Buffer.byteLength(line);
      pending.add(entry.taskId);
    },

    settled(taskId) {
      pending.delete(taskId);
      if (pending.size === 0 && written >= COMPACT_BYTES && fd !== null) {
        ftruncateSync(fd, 0);
        written = 0;
      }
    },

    replay(store) {
      let applied = 0;
      for (const e of readJournal(file)) {
        const task = store.tasks.get(e.taskId);
        if (task === undefined || task.remoteId !== null) continue;
        if (task.idempotencyKey !== e.idempotencyKey) continue;
        if (task.state !== 'submitting' && task.state !== 'unknown') continue;
        const ok = store.tasks.setSubmitted(e.taskId, {
          remoteId: e.remoteId,
          provider: task.provider,
          model: task.model,
          submittedAt: e.submittedAt,
        });
        if (ok) {
          applied++;
          store.events.append({
            kind: 'task.journal_recovered',
            taskId: e.taskId,
            batchId: task.batchId,
            data: { remoteId: e.remoteId },
          });
        }
      }
      // Everything the journal knew is in the database now: start it afresh.
      ftruncateSync(handle(), 0);
      written = 0;
      pending.clear();
      return applied;
    },

    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
