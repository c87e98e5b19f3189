// The randomized fault test at small size, part of `npm test`: a few seeded runs of the real
// CLI against the simulator through kill -9, a second driver, pause, cancel, retry, 5xx,
// 429 and lost replies, with the money invariants checked after each run. The full size is
// `npm run faults -- --runs 30 --seed N` (test/faults/main.ts); a failing seed printed here
// reproduces there with `--runs 1 --seed <seed> --kinds <the kinds below>`.
//
// The kinds here are those the engine passes today. Left out until the runner fixes of
// issue 9 land (see the closing report for the seeds): dbLock (a write lock held past
// busy_timeout), notFound (404 while a task is not visible yet), cost (a reported
// credits_amount that lies), b64json (inline Modelverse images), revoked401 and
// status5xxForever (polls that never succeed).
import { afterAll, describe, expect, it } from 'vitest';
import { killAllChildren } from './children';
import { formatReport, runCampaign } from './campaign';
import type { ActionKind } from './plan';

const SMALL_KINDS: readonly ActionKind[] = [
  'kill9',
  'lease',
  'pause',
  'cancel',
  'retry',
  'resubmit',
  'http5xx',
  'http429',
  'lostReply',
];
const SEED = Number(process.env.GENLOOM_FAULTS_SEED ?? 20260);

afterAll(() => killAllChildren());

describe('randomized faults (small)', () => {
  it('keeps the money invariants through seeded random faults', { timeout: 180_000 }, async () => {
    const lines: string[] = [];
    const report = await runCampaign({
      runs: 3,
      seed: SEED,
      kinds: SMALL_KINDS,
      limits: { sessions: [1, 2], tasks: [2, 4], lockMs: 2_000 },
      deadlineMs: 40_000,
      // On a loaded machine fewer runs, never a longer test: no new run after 50 s.
      budgetMs: 50_000,
      log: (line) => lines.push(line),
    });
    const summary = [...lines, ...formatReport(report)].join('\n');
    console.log(summary);
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.broken, summary).toEqual(new Map());
  });
});
