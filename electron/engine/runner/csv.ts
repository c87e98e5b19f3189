// A small RFC 4180 reader for prompt sheets: quoted cells, doubled quotes, CR/LF line ends,
// a UTF-8 BOM, and `,` `;` or tab as the delimiter (spreadsheets in many locales save `;`).

export interface CsvTable {
  header: string[];
  /** Data rows; `line` is the 1-based line where the row starts, for messages. */
  rows: { line: number; cells: string[] }[];
}

export type CsvResult = { ok: true; value: CsvTable } | { ok: false; message: string };

function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

export function parseCsv(raw: string): CsvResult {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const delimiter = detectDelimiter(text);
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let cellStarted = false;
  const endRecord = (): void => {
    cells.push(cell);
    // A line with nothing on it is not a row.
    if (!(cells.length === 1 && cells[0] === '' && !cellStarted)) {
      records.push({ line: recordLine, cells });
    }
    cells = [];
    cell = '';
    cellStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell.trim() !== '') {
        return {
          ok: false,
          message: `line ${line}: a quote may only start a cell (write "" inside a quoted cell)`,
        };
      }
      cell = '';
      quoted = true;
      cellStarted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      cellStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
      cellStarted = true;
    }
  }
  if (quoted) return { ok: false, message: `line ${recordLine}: a quoted cell is never closed` };
  if (cell !== '' || cells.length > 0 || cellStarted) endRecord();
  const [head, ...rows] = records;
  if (head === undefined) return { ok: false, message: 'is empty: it needs a header row' };
  const header = head.cells.map((h) => h.trim());
  for (const row of rows) {
    if (row.cells.length > header.length) {
      return {
        ok: false,
        message: `line ${row.line}: has ${row.cells.length} cells but the header has ${header.length}`,
      };
    }
  }
  return { ok: true, value: { header, rows } };
}
