import { describe, expect, it } from 'vitest';
import { settleCost } from './cost';

describe('cost ledger settlement', () => {
  it('APIXO bills successful images only and refunds the rest (seed 003)', () => {
    // 4 images at $0.075 precharged; 2 delivered.
    const s = settleCost({
      provider: 'apixo',
      outcome: 'succeeded',
      estimated: 0.3,
      outputsExpected: 4,
      outputsDelivered: 2,
    });
    expect(s.actual).toBeCloseTo(0.15);
    expect(s.refund).toBeCloseTo(0.15);
    const failed = settleCost({
      provider: 'apixo',
      outcome: 'failed',
      estimated: 0.3,
      outputsExpected: 4,
      outputsDelivered: 0,
    });
    expect(failed).toMatchObject({ actual: 0, refund: 0.3 });
  });

  it('PoYo does not charge failed tasks and takes its own charged figure when it gives one', () => {
    const base = { provider: 'poyo' as const, estimated: 8.4, outputsExpected: 2 };
    expect(settleCost({ ...base, outcome: 'failed', outputsDelivered: 0 }).actual).toBe(0);
    expect(settleCost({ ...base, outcome: 'succeeded', outputsDelivered: 2 }).actual).toBe(8.4);
    expect(
      settleCost({ ...base, outcome: 'succeeded', outputsDelivered: 2, charged: 6 }).actual,
    ).toBe(6);
  });

  it('Modelverse has no published price: the actual cost stays unknown', () => {
    const s = settleCost({
      provider: 'modelverse',
      outcome: 'succeeded',
      estimated: null,
      outputsExpected: 1,
      outputsDelivered: 1,
    });
    expect(s.actual).toBeNull();
  });

  it('a reported charge that no request can cost is refused: the estimate stands, with the reason', () => {
    const base = {
      provider: 'poyo' as const,
      estimated: 8.4,
      outputsExpected: 2,
      outcome: 'succeeded' as const,
      outputsDelivered: 2,
    };
    for (const charged of [-100, Number.NaN, Number.POSITIVE_INFINITY, 8.4 * 3]) {
      const s = settleCost({ ...base, charged });
      expect(s.actual).toBe(8.4);
      expect(s.rejectedCharge).toEqual({ reported: charged, reason: expect.any(String) });
    }
    expect(settleCost({ ...base, charged: -100 }).rejectedCharge?.reason).toMatch(/below 0/);
    expect(settleCost({ ...base, charged: 30 }).rejectedCharge?.reason).toMatch(/at most 8.4/);
    // A charge within the request's price is taken as reported.
    expect(settleCost({ ...base, charged: 0 })).toMatchObject({ actual: 0 });
    expect(settleCost({ ...base, charged: 8.4 }).rejectedCharge).toBeUndefined();
    // No published price: any finite charge >= 0 is the best figure there is.
    expect(settleCost({ ...base, estimated: null, charged: 5 }).actual).toBe(5);
    expect(settleCost({ ...base, estimated: null, charged: -5 }).actual).toBeNull();
  });
});
