// The task store at scale: insert N tasks (one transaction), their outputs, then time a
// history page (newest first) and a full-text search, as the desktop history does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../electron/engine/store/index';
import type { NewTask } from '../electron/engine/store/types';

export interface StoreFigures {
  tasks: number;
  insertMs: number;
  outputsMs: number;
  historyPageMs: number;
  ftsSearchMs: number;
  ftsHits: number;
}

const WORDS = ['harbour', 'lantern', 'meadow', 'citadel', 'orchid', 'glacier', 'bazaar', 'comet'];

function time<T>(fn: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - t) / 1e6];
}

export function benchStore(n: number): StoreFigures {
  const dir = mkdtempSync(path.join(tmpdir(), 'genloom-store-bench-'));
  const store = openStore(path.join(dir, 'bench.db'));
  try {
    const now = Date.now();
    store.batches.create({
      id: 'bench',
      name: 'bench batch',
      provider: 'poyo',
      model: 'wan-2.7-image',
      spec: {},
      outDir: dir,
      template: '{batch}/{input}-{index}.{ext}',
      collision: 'suffix',
      currency: 'credits',
      createdAt: now,
    });
    const tasks: NewTask[] = Array.from({ length: n }, (_, i) => ({
      id: `t${i}`,
      batchId: 'bench',
      seq: i + 1,
      provider: 'poyo',
      model: 'wan-2.7-image',
      params: { prompt: `a ${WORDS[i % WORDS.length]} at dusk, number ${i}`, size: '1024x1024' },
      prompt: `a ${WORDS[i % WORDS.length]} at dusk, number ${i}`,
      idempotencyKey: `key-${i}`,
      estimatedCost: 4.2,
      outputsExpected: 1,
      inputs: [
        {
          path: `/in/img-${i}.png`,
          relPath: `img-${i}.png`,
          bytes: 1000,
          sha256: i.toString(16).padStart(64, '0'),
        },
      ],
      createdAt: now + i,
    }));
    const [, insertMs] = time(() => store.tasks.insertMany(tasks));
    const [, outputsMs] = time(() =>
      store.transaction(() => {
        for (let i = 0; i < n; i++) {
          const out = store.outputs.insert({
            taskId: `t${i}`,
            idx: 0,
            url: `http://x/${i}.png`,
            type: 'image',
            createdAt: now + i,
          });
          store.outputs.markDone(out.id, {
            path: `${dir}/out/img-${i}-1.png`,
            bytes: 1000,
            sha256: `o${i}`,
          });
        }
      }),
    );
    const [, historyPageMs] = time(() => store.history.search({ limit: 50 }));
    const [page, ftsSearchMs] = time(() => store.history.search({ text: 'lantern', limit: 50 }));
    return { tasks: n, insertMs, outputsMs, historyPageMs, ftsSearchMs, ftsHits: page.total };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
