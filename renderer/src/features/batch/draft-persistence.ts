// Wires the batch store to localStorage (draft-storage holds the pure part): the draft is put
// back once when the app opens on a home, and saved a moment after each change.
import { INITIAL_DRAFT } from './draft-defaults';
import { draftKey, isBlank, parseSavedDraft, savedDraftOf, serializeDraft } from './draft-storage';
import { useBatch } from './store';
import type { BatchDraft } from './types';

/** Saves this long after the last change: typing does not write on every key. */
const SAVE_DEBOUNCE_MS = 300;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage may be off (a private window): the draft then lasts as long as the page.
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Full or off: the draft still lives in the page.
  }
}

/** Whether two store states hold the same user work (by reference: the store is immutable). */
function sameWork(a: BatchDraft, b: BatchDraft): boolean {
  const keys = [
    'name',
    'provider',
    'model',
    'raw',
    'touched',
    'prompt',
    'variations',
    'output',
    'budget',
  ] as const;
  return (
    keys.every((k) => a[k] === b[k]) &&
    a.inputs.roots === b.inputs.roots &&
    a.inputs.recursive === b.inputs.recursive &&
    a.inputs.together === b.inputs.together
  );
}

/** Puts back the draft saved for this home, if any; answers whether there was one. */
export async function restoreSavedDraft(home: string): Promise<boolean> {
  const saved = parseSavedDraft(read(draftKey(home)));
  if (saved === null) return false;
  await useBatch.getState().restore(saved);
  return true;
}

/** Saves the draft after each change until the returned function is called. */
export function keepDraftSaved(home: string): () => void {
  const key = draftKey(home);
  const blank = savedDraftOf(INITIAL_DRAFT);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    timer = null;
    const draft = useBatch.getState();
    write(key, isBlank(savedDraftOf(draft), blank) ? null : serializeDraft(draft));
  };
  const off = useBatch.subscribe((state, previous) => {
    if (sameWork(state, previous)) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DEBOUNCE_MS);
  });
  const flush = () => {
    if (timer === null) return;
    clearTimeout(timer);
    save();
  };
  // A reload right after typing must not lose the last keystrokes to the debounce.
  window.addEventListener('pagehide', flush);
  return () => {
    off();
    window.removeEventListener('pagehide', flush);
    flush();
  };
}

/** Forgets the saved draft and empties the form. */
export function clearDraft(home: string | null): void {
  if (home !== null) write(draftKey(home), null);
  useBatch.getState().reset();
}
