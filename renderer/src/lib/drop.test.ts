import { describe, expect, it } from 'vitest';
import { classifyDrop, pathsFromText, pathsFromUriList } from './drop';

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
