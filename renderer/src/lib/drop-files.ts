// A drop in full: paths where the shell can name them, else the dropped File objects (folders
// walked) sent to the bridge, which stores them under the home and names the stored paths.
import { transportKind } from './api';
import { droppedPaths } from './drop';
import { pickedFromList, uploadFiles } from './upload';
import type { PickedFile } from './upload';

/** What a drop yields for the builder: paths to add, and files that could not be taken. */
export interface DropResult {
  paths: string[];
  refused: { name: string; reason: string }[];
  /** True when the files travelled to the bridge (the browser named no paths). */
  uploaded: boolean;
}

/** Reads every file under a dropped folder, keeping its place below the folder. */
async function filesUnder(entry: FileSystemEntry, prefix: string): Promise<PickedFile[]> {
  const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
  if (entry.isFile) {
    const file = await new Promise<File | null>((resolve) =>
      (entry as FileSystemFileEntry).file(resolve, () => resolve(null)),
    );
    return file === null ? [] : [{ file, rel }];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches (about 100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve) =>
      reader.readEntries(resolve, () => resolve([])),
    );
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map((child) => filesUnder(child, rel)));
  return nested.flat();
}

/**
 * The File objects of a drop, folders walked. The entries must be taken before the drop
 * handler returns (the browser empties the DataTransfer then), so this reads them at once.
 */
export function droppedFiles(data: DataTransfer): () => Promise<PickedFile[]> {
  const entries: FileSystemEntry[] = [];
  for (const item of [...data.items]) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry !== null) entries.push(entry);
  }
  const files = [...data.files];
  return async () => {
    // A drop built by a script (or an old browser) has files without entries.
    if (entries.length === 0) return pickedFromList(files);
    const nested = await Promise.all(entries.map((entry) => filesUnder(entry, '')));
    return nested.flat();
  };
}

/**
 * Everything a drop can give the builder: paths where the shell can name them (the desktop
 * app, a file manager's URI list), else the dropped File objects stored by the bridge. Call
 * it inside the drop handler (it takes what it needs before its first await).
 */
export async function resolveDrop(data: DataTransfer): Promise<DropResult> {
  const paths = droppedPaths(data);
  const files = droppedFiles(data);
  if (paths.length > 0 || transportKind() === 'preload') {
    return { paths, refused: [], uploaded: false };
  }
  const picked = await files();
  if (picked.length === 0) return { paths: [], refused: [], uploaded: false };
  const result = await uploadFiles(picked);
  return { ...result, uploaded: true };
}
