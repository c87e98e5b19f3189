import { describe, expect, it } from 'vitest';
import type { HistoryItem, OutputDetail } from '../../../../shared/ipc/views';
import { parseBatchSpec } from '../../../../shared/schemas/batch';
import {
  EMPTY_FILTERS,
  compareRows,
  dayStart,
  escapeTemplate,
  formatParam,
  lineageOf,
  presetOf,
  presetRange,
  rerunSpec,
  windowInput,
} from './selectors';

function item(outputId: number, patch: Partial<HistoryItem> = {}): HistoryItem {
  return {
    outputId,
    outputIdx: 0,
    outputState: 'done',
    path: `/out/${outputId}.png`,
    type: 'image',
    bytes: 10,
    sha256: 'aa',
    sidecarPath: null,
    taskId: `t${outputId}`,
    taskState: 'succeeded',
    remoteId: 'r',
    prompt: 'p',
    provider: 'poyo',
    model: 'wan-2.7-image',
    batchId: 'b',
    batchName: 'B',
    params: { n: 1 },
    seed: 1,
    estimatedCost: 4.2,
    actualCost: 4.2,
    currency: 'credits',
    createdAt: outputId,
    ...patch,
  };
}

describe('history query', () => {
  it('sends only the filters that are set, with the whole last day included', () => {
    expect(windowInput(EMPTY_FILTERS, 0, 100)).toEqual({ offset: 0, limit: 100 });
    const from = dayStart('2026-03-01') as number;
    const input = windowInput(
      {
        ...EMPTY_FILTERS,
        text: ' cat ',
        provider: 'poyo',
        from: '2026-03-01',
        to: '2026-03-01',
        status: 'failed',
      },
      4200,
      100,
    );
    expect(input).toEqual({
      offset: 4200,
      limit: 100,
      text: 'cat',
      provider: 'poyo',
      state: 'failed',
      outputState: 'any',
      from,
      to: from + 86_400_000,
    });
    expect(dayStart('03/01/2026')).toBeNull();
  });

  it('turns date presets into inclusive day ranges and recognises them again', () => {
    const now = new Date(2026, 2, 10, 15, 0);
    expect(presetRange('week', now)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetRange('today', now)).toEqual({ from: '2026-03-10', to: '2026-03-10' });
    expect(presetOf(presetRange('month', now), now)).toBe('month');
    expect(presetOf({ from: '2026-01-01', to: '' }, now)).toBe('custom');
    expect(presetOf({ from: '', to: '' }, now)).toBe('any');
  });
});

describe('re-run', () => {
  const detail = {
    output: {
      id: 7,
      taskId: 't',
      idx: 0,
      path: '/out/a.png',
      type: 'image',
      bytes: 1,
      sha256: 'x',
      sidecarPath: null,
      state: 'done',
      error: null,
      createdAt: 1,
    },
    task: {
      id: 't',
      batchId: 'b',
      seq: 0,
      state: 'succeeded',
      provider: 'poyo',
      model: 'wan-2.7-image',
      prompt: 'a {red|blue} cat',
      params: { prompt: 'a {red|blue} cat', n: 2, seed: 9, image_urls: ['/in/x.png'] },
      seed: 9,
      remoteId: 'r',
      attempts: 1,
      errorCode: null,
      errorMessage: null,
      estimatedCost: 8.4,
      actualCost: 8.4,
      outputsExpected: 2,
      submittedAt: 1,
      finishedAt: 2,
      createdAt: 0,
      updatedAt: 2,
    },
    batch: {
      id: 'b',
      name: 'Cats',
      provider: 'poyo',
      model: 'wan-2.7-image',
      status: 'done',
      outDir: '/out',
      template: '{input}.{ext}',
      collision: 'suffix',
      budget: null,
      currency: 'credits',
      estimatedCost: 8.4,
      createdAt: 0,
      updatedAt: 2,
    },
    inputs: [],
    sidecar: null,
    lineage: {
      producedBy: [],
      usedBy: [
        item(7),
        item(8, { createdAt: 1 }),
        item(9, { createdAt: 5 }),
        item(9, { createdAt: 5 }),
      ],
    },
  } satisfies OutputDetail;

  it('repeats the task exactly: same params, images, seed and a literal prompt', () => {
    const spec = rerunSpec(detail);
    expect(spec.params).toEqual({ n: 2, seed: 9, image_urls: ['/in/x.png'] });
    expect(spec.prompts).toEqual({ kind: 'text', text: 'a \\{red\\|blue\\} cat' });
    expect(spec.output).toEqual({ dir: '/out', template: '{input}.{ext}', collision: 'suffix' });
    // The spec passes the same schema main parses.
    expect(parseBatchSpec(spec).ok).toBe(true);
  });

  it('carries the task inputs as inputs, so files are named by them and lineage is kept', () => {
    const withInputs: OutputDetail = {
      ...detail,
      inputs: [{ path: '/in/x.png', relPath: 'x.png', bytes: 3, sha256: 'ab' }],
    };
    const spec = rerunSpec(withInputs);
    expect(spec.name).toBe('Re-run of Cats');
    expect(spec.inputs).toEqual({ kind: 'files', files: ['/in/x.png'], together: false });
    expect(spec.params).toEqual({ n: 2, seed: 9 });
    expect(parseBatchSpec(spec).ok).toBe(true);
    const two: OutputDetail = {
      ...withInputs,
      inputs: [
        ...withInputs.inputs,
        { path: '/in/y.png', relPath: 'y.png', bytes: 3, sha256: 'cd' },
      ],
    };
    expect(rerunSpec(two).inputs).toEqual({
      kind: 'files',
      files: ['/in/x.png', '/in/y.png'],
      together: true,
    });
  });

  it('escapes template characters so the prompt is not expanded again', () => {
    expect(escapeTemplate('a\\b {x} | y')).toBe('a\\\\b \\{x\\} \\| y');
  });

  it('lists lineage without the output itself, once each, newest first', () => {
    expect(lineageOf(detail).usedBy.map((i) => i.outputId)).toEqual([9, 8]);
  });
});

describe('compare', () => {
  it('puts differing parameters first and formats sizes', () => {
    const rows = compareRows([
      item(1, { params: { size: { width: 1024, height: 768 }, n: 1 }, seed: 1 }),
      item(2, { params: { size: { width: 1024, height: 768 }, n: 2 }, seed: 2 }),
    ]);
    expect(
      rows
        .filter((r) => r.differs)
        .map((r) => r.key)
        .sort(),
    ).toEqual(['n', 'seed']);
    expect(rows[0]?.differs).toBe(true);
    expect(rows.find((r) => r.key === 'size')?.values).toEqual(['1024 × 768', '1024 × 768']);
    expect(formatParam(['a', 'b'])).toBe('a, b');
  });
});
