import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sidecarPathFor, writeSidecar } from './sidecar';
import type { SidecarData } from './sidecar';

const data: SidecarData = {
  provider: 'apixo',
  model: 'nano-banana',
  remoteTaskId: 'r9',
  taskId: 't9',
  batchId: 'b',
  batchName: 'B',
  prompt: 'p',
  seed: null,
  params: { prompt: 'p' },
  inputs: [],
  cost: { estimated: 0.02, actual: null, currency: 'USD' },
  times: { createdAt: 0, submittedAt: null, finishedAt: 1000, downloadedAt: 2000 },
  output: {
    file: 'x.png',
    index: 1,
    type: 'image',
    bytes: 3,
    sha256: 'h',
    sourceUrl: 'https://r/x.png',
  },
};

describe('writeSidecar', () => {
  it('writes <output>.json atomically with readable times', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genloom-side-'));
    try {
      const out = join(dir, 'x.png');
      const p = await writeSidecar(out, data);
      expect(p).toBe(sidecarPathFor(out));
      expect(readdirSync(dir)).toEqual(['x.png.json']);
      const parsed = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
      expect(parsed).toMatchObject({ genloomSidecar: 1, ...data });
      expect(parsed.timesIso).toEqual({
        createdAt: '1970-01-01T00:00:00.000Z',
        submittedAt: null,
        finishedAt: '1970-01-01T00:00:01.000Z',
        downloadedAt: '1970-01-01T00:00:02.000Z',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
