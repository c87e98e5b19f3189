import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    const out = parseCsv(
      '\uFEFFfile,prompt\r\na.png,"a cat, ""smiling""\nsecond line"\r\nb.png,plain\r\n',
    );
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.header).toEqual(['file', 'prompt']);
    expect(out.value.rows).toEqual([
      { line: 2, cells: ['a.png', 'a cat, "smiling"\nsecond line'] },
      { line: 4, cells: ['b.png', 'plain'] },
    ]);
  });

  it('detects semicolons and tabs as delimiters and skips blank lines', () => {
    const semi = parseCsv('file;prompt;seed\n\na.png;x, y;3\n');
    expect(semi.ok && semi.value.rows[0]?.cells).toEqual(['a.png', 'x, y', '3']);
    const tab = parseCsv('file\tprompt\na.png\thello\n');
    expect(tab.ok && tab.value.rows[0]?.cells).toEqual(['a.png', 'hello']);
  });

  it('names the line of a malformed row', () => {
    const unclosed = parseCsv('file,prompt\na.png,"never closed\n');
    expect(unclosed).toEqual({ ok: false, message: 'line 2: a quoted cell is never closed' });
    const wide = parseCsv('file,prompt\na.png,b,c\n');
    expect(wide).toEqual({ ok: false, message: 'line 2: has 3 cells but the header has 2' });
    expect(parseCsv('').ok).toBe(false);
  });
});
