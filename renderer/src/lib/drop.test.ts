import { afterEach, describe, expect, it } from 'vitest';
import type { GenloomPreloadApi } from '../../../shared/ipc/names';
import { classifyDrop, droppedPaths, pathsFromText, pathsFromUriList } from './drop';

/** A drop as the page receives it: the files, and the text forms the OS put beside them. */
function drop(files: { name: string; path: string }[], text: Record<string, string> = {}) {
  return {
    files: files.map((f) => ({ name: f.name, size: 1, path: f.path })),
    getData: (type: string) => text[type] ?? '',
  } as unknown as DataTransfer;
}

function withPreload(pathForFile: GenloomPreloadApi['pathForFile'] | undefined): void {
  const api = pathForFile
    ? { invoke: () => Promise.resolve(null), on: () => () => undefined, pathForFile }
    : undefined;
  (globalThis as { window?: unknown }).window = { genloom: api };
}

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe('paths of a drop', () => {
  it("asks the desktop preload for each file's path", () => {
    withPreload((file) => (file as unknown as { path: string }).path);
    const data = drop(
      [
        { name: 'a.png', path: '/pics/a.png' },
        { name: 'b.png', path: '/pics/b.png' },
      ],
      { 'text/uri-list': 'file:///elsewhere/x.png' },
    );
    expect(droppedPaths(data)).toEqual(['/pics/a.png', '/pics/b.png']);
  });

  it('falls back to the URI list where no preload can name paths (the bridge)', () => {
    withPreload(undefined);
    const data = drop([{ name: 'a.png', path: '/pics/a.png' }], {
      'text/uri-list': 'file:///home/ana/a.png',
    });
    expect(droppedPaths(data)).toEqual(['/home/ana/a.png']);
    // A preload that knows no path for these files (dragged from a browser) falls back too.
    withPreload(() => '');
    expect(droppedPaths(data)).toEqual(['/home/ana/a.png']);
  });
});

describe('dropped paths', () => {
  it('reads file:// URIs, decoding spaces and skipping comments and other schemes', () => {
    const list =
      '# from the file manager\r\nfile:///home/ana/My%20Photos\r\nhttps://example.com/x.png\r\nfile:///home/ana/a.png\r\n';
    expect(pathsFromUriList(list)).toEqual(['/home/ana/My Photos', '/home/ana/a.png']);
  });

  it('turns file:///C:/ URIs into Windows paths', () => {
    expect(pathsFromUriList('file:///C:/Users/ana/pics')).toEqual(['C:/Users/ana/pics']);
  });

  it('accepts absolute paths as plain text, one per line, quotes removed', () => {
    expect(pathsFromText("'/tmp/a b'\nrelative/path\nD:\\images")).toEqual([
      '/tmp/a b',
      'D:\\images',
    ]);
  });

  it('treats a lone .csv or .txt as prompts and anything else as inputs', () => {
    expect(classifyDrop(['/x/prompts.CSV'])).toBe('prompts-csv');
    expect(classifyDrop(['/x/list.txt'])).toBe('prompts-txt');
    expect(classifyDrop(['/x/list.txt', '/x/a.png'])).toBe('inputs');
    expect(classifyDrop(['/x/folder'])).toBe('inputs');
  });
});
