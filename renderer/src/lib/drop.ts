// Paths from a drop. The desktop preload can name a dropped File's path; a browser cannot: it
// uses the file:// URI list a file manager may put on the drag, else the dropped File objects
// go to the bridge (drop-files.ts), which stores them and names their paths.

/** Absolute paths from a text/uri-list (RFC 2483: one URI per line, # starts a comment). */
export function pathsFromUriList(text: string): string[] {
  const paths: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^file:\/\//i.test(line)) continue;
    try {
      const url = new URL(line);
      let path = decodeURIComponent(url.pathname);
      // file:///C:/x -> C:/x on Windows.
      if (/^\/[a-z]:\//i.test(path)) path = path.slice(1);
      if (path !== '') paths.push(path);
    } catch {
      // Not a URL: skipped, as a file manager would never send it.
    }
  }
  return paths;
}

/** Plain-text drops: one absolute path per line (what a terminal drag gives). */
export function pathsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^'(.*)'$/, '$1'))
    .filter((line) => line.startsWith('/') || /^[a-z]:[\\/]/i.test(line));
}

/** The desktop preload's path lookup (webUtils); absent in a browser. */
function preloadPathFor(): ((file: File) => string) | null {
  const bridge = window.genloom;
  if (bridge === undefined || typeof bridge.pathForFile !== 'function') return null;
  return (file) => bridge.pathForFile(file);
}

export function droppedPaths(data: DataTransfer): string[] {
  const pathFor = preloadPathFor();
  if (pathFor !== null && data.files.length > 0) {
    const paths = [...data.files].map((file) => pathFor(file)).filter((path) => path !== '');
    if (paths.length > 0) return paths;
  }
  const uris = pathsFromUriList(data.getData('text/uri-list'));
  if (uris.length > 0) return uris;
  return pathsFromText(data.getData('text/plain'));
}

export type DropKind = 'prompts-csv' | 'prompts-txt' | 'inputs';

/** A lone .csv or .txt is a prompt source; anything else is inputs (folders and images). */
export function classifyDrop(paths: readonly string[]): DropKind {
  if (paths.length === 1) {
    const only = paths[0]?.toLowerCase() ?? '';
    if (only.endsWith('.csv')) return 'prompts-csv';
    if (only.endsWith('.txt')) return 'prompts-txt';
  }
  return 'inputs';
}

export function dragHasFiles(data: DataTransfer | null): boolean {
  if (data === null) return false;
  const types = [...data.types];
  return types.includes('Files') || types.includes('text/uri-list');
}
