// Whether the output folder can take files, asked of main (files.checkOutputDir) while the user
// types (debounced) and when the field loses focus: a folder that cannot take files (/proc/x,
// photo.jpg/out) is refused at the field, in words, before Start. The engine checks it again
// when the batch is planned; this is so the user hears it where they typed it.
import { create } from 'zustand';
import { request } from '../../lib/request';

/** Waits this long after the last keystroke before asking main. */
export const OUTPUT_DIR_DEBOUNCE_MS = 400;

export type OutputDirCheck =
  | { status: 'idle' }
  | { status: 'checking'; dir: string }
  /** `resolved`: the absolute folder files will go to (the default one for ''). */
  | { status: 'ok'; dir: string; resolved: string }
  | { status: 'refused'; dir: string; resolved: string; message: string }
  /** Main could not be asked: say nothing at the field (the dry run still checks). */
  | { status: 'unknown'; dir: string };

/** The engine names the field first ("output.dir ..."); the field's label says that already. */
export function outputDirWords(message: string): string {
  return message.replace(/^output\.dir\s+/, '').replace(/\.$/, '');
}

interface OutputDirState {
  check: OutputDirCheck;
  /** Checks `dir` now ('' is the default folder); an older answer arriving late is dropped. */
  run: (dir: string) => Promise<void>;
  /** Checks `dir` after a pause in typing; checking again before then restarts the wait. */
  schedule: (dir: string) => void;
}

let seq = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

export const useOutputDirCheck = create<OutputDirState>()((set, get) => ({
  check: { status: 'idle' },
  run: async (raw) => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const dir = raw.trim();
    const current = get().check;
    // Blur right after the debounced check: the answer for this text is already here.
    if (current.status !== 'idle' && current.status !== 'unknown' && current.dir === dir) return;
    const mine = ++seq;
    set({ check: { status: 'checking', dir } });
    const result = await request('files.checkOutputDir', { dir });
    if (mine !== seq) return;
    if (!result.ok) {
      set({ check: { status: 'unknown', dir } });
      return;
    }
    const { ok, dir: resolved, issues } = result.value;
    const message = issues.map((issue) => outputDirWords(issue.message)).join('; ');
    set({
      check: ok
        ? { status: 'ok', dir, resolved }
        : { status: 'refused', dir, resolved, message: message || 'cannot take files' },
    });
  },
  schedule: (raw) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void get().run(raw);
    }, OUTPUT_DIR_DEBOUNCE_MS);
  },
}));

/** The refusal that applies to what the field holds now; undefined when none is known. */
export function dirRefusal(check: OutputDirCheck, typed: string): string | undefined {
  return check.status === 'refused' && check.dir === typed.trim() ? check.message : undefined;
}

/** Where files go for what the field holds now, when main has said so. */
export function resolvedDir(check: OutputDirCheck, typed: string): string | undefined {
  if (check.status !== 'ok' && check.status !== 'refused') return undefined;
  return check.dir === typed.trim() ? check.resolved : undefined;
}
