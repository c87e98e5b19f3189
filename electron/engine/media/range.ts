// One HTTP byte range (RFC 9110 section 14), so a <video> can seek without loading the whole
// file. Several ranges in one header are answered with the whole file, which the RFC allows.

export type RangeAnswer =
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/** Reads a Range header against a file of `size` bytes; `end` is inclusive. */
export function parseRange(header: string | null | undefined, size: number): RangeAnswer {
  if (header === null || header === undefined) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Other units and multiple ranges: the whole file.
  if (match === null) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') {
    // bytes=-N: the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/** Headers of a 206 answer or a 416 refusal. */
export function contentRange(answer: RangeAnswer, size: number): string {
  return answer.kind === 'partial'
    ? `bytes ${answer.start}-${answer.end}/${size}`
    : `bytes */${size}`;
}
