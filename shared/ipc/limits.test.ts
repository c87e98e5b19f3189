import { describe, expect, it } from 'vitest';
import { inputLimitProblem, MAX_INPUT_DEPTH, MAX_MESSAGE_DEPTH, scanMessage } from './limits';

/** {a: {a: ... {a: 1}}}: `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let at = root;
  for (let i = 1; i < levels; i++) {
    const next: Record<string, unknown> = {};
    at.a = next;
    at = next;
  }
  at.a = 1;
  return root;
}

describe('inputLimitProblem', () => {
  it('accepts ordinary inputs up to the depth limit', () => {
    expect(inputLimitProblem({ spec: { params: { bbox_list: [[[1, 2, 3, 4]]] } } })).toBeNull();
    expect(inputLimitProblem(nested(MAX_INPUT_DEPTH))).toBeNull();
    expect(inputLimitProblem('text')).toBeNull();
    expect(inputLimitProblem(undefined)).toBeNull();
  });

  it('names the field and the rule one level past the limit, and 5000 levels deep', () => {
    expect(inputLimitProblem(nested(MAX_INPUT_DEPTH + 1))).toEqual({
      field: 'a.a.a.a.a.a.a.a... (24 levels more)',
      message: `is nested too deep: at most ${MAX_INPUT_DEPTH} levels of objects and lists are allowed`,
    });
    const deep = { spec: { params: { n: nested(5000) } } };
    expect(inputLimitProblem(deep)?.field).toMatch(/^spec\.params\.n\.a\.a/);
    const list: unknown[] = [];
    let at = list;
    for (let i = 0; i < 5000; i++) {
      const next: unknown[] = [];
      at.push(next);
      at = next;
    }
    expect(inputLimitProblem({ values: list })?.message).toMatch(/nested too deep/);
  });

  it('ends on cycles and on shared references that fan out (Electron IPC keeps both)', () => {
    const cycle: Record<string, unknown> = { name: 'x' };
    cycle.self = cycle;
    expect(inputLimitProblem(cycle)?.message).toMatch(/nested too deep/);
    // 2^30 paths through 30 shared lists: counted per visit, so it stops at the value cap.
    let fan: unknown = 1;
    for (let i = 0; i < 30; i++) fan = [fan, fan];
    const started = Date.now();
    expect(inputLimitProblem(fan, { maxDepth: 64, maxValues: 200_000, maxText: 1e9 })).toEqual({
      field: '',
      message: 'must hold at most 200000 values (objects, lists, texts and numbers together)',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a huge list before walking it, and too much text naming where', () => {
    const started = Date.now();
    expect(inputLimitProblem({ paths: new Array<number>(5_000_000).fill(1) })?.message).toMatch(
      /at most 200000 values/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(
      inputLimitProblem(
        { a: 'x'.repeat(10), b: 'y'.repeat(10) },
        {
          maxDepth: 8,
          maxValues: 100,
          maxText: 15,
        },
      ),
    ).toEqual({
      field: 'b',
      message: 'holds too much text: at most 15 characters in one call are allowed',
    });
  });
});

describe('scanMessage', () => {
  it('measures nesting and finds the top-level id without parsing', () => {
    expect(scanMessage('{"type":"call","id":7,"channel":"app.info","input":{}}')).toEqual({
      depth: 2,
      tooDeep: false,
      id: 7,
    });
    const deep = `{"type":"call","id":12,"input":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(scanMessage(deep)).toEqual({ depth: 5001, tooDeep: true, id: 12 });
    // The id may come after the deep part; only a top-level "id" counts.
    expect(
      scanMessage(`{"input":{"id":3,"x":${'{"a":'.repeat(40)}1${'}'.repeat(40)}},"id":4}`),
    ).toMatchObject({
      tooDeep: true,
      id: 4,
    });
  });

  it('ignores brackets and quotes inside strings', () => {
    const text = JSON.stringify({ id: 1, input: { text: '[[[{{{ "quoted \\" [' } });
    expect(scanMessage(text)).toEqual({ depth: 2, tooDeep: false, id: 1 });
    // A string ending in a backslash: its closing quote is not escaped.
    const slash = JSON.stringify({ input: { t: 'ends in \\', u: ['[', '\\"'] }, id: 2 });
    expect(scanMessage(slash)).toEqual({ depth: 3, tooDeep: false, id: 2 });
    expect(scanMessage('{"id":"x"}').id).toBeUndefined();
    expect(scanMessage('not json').depth).toBe(0);
  });

  it('scans a million levels in well under a second', () => {
    const text = `{"id":1,"input":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const started = Date.now();
    expect(scanMessage(text, MAX_MESSAGE_DEPTH)).toMatchObject({ tooDeep: true, id: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
