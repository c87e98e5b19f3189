import { describe, expect, it } from 'vitest';
import { budgetNote, needsSpendConfirm, spendPlan, startLabel } from './spend';

describe('spend before Start', () => {
  it('says how many tasks fit the cap, on the button and in one note', () => {
    const plan = spendPlan({ tasks: 4, estimatedCost: 16.8, currency: 'credits' }, 10);
    expect(plan.fit).toBe(2);
    expect(startLabel(plan)).toBe('Start 2 of 4 tasks');
    expect(budgetNote(plan)).toEqual({
      tone: 'warn',
      text: '2 of 4 tasks fit the 10 credits cap; the rest are not submitted.',
    });
  });

  it('a cap that is an exact multiple of the price lets that many through', () => {
    expect(spendPlan({ tasks: 4, estimatedCost: 16.8, currency: 'credits' }, 8.4).fit).toBe(2);
  });

  it('within the cap the button names every task and the note does not contradict it', () => {
    const plan = spendPlan({ tasks: 8, estimatedCost: 33.6, currency: 'credits' }, 50);
    expect(startLabel(plan)).toBe('Start 8 tasks');
    expect(budgetNote(plan)?.text).toBe('Within the 50 credits cap.');
  });

  it('an unknown price never reads "within the cap"', () => {
    const plan = spendPlan({ tasks: 3, estimatedCost: null, currency: 'USD' }, 5);
    expect(budgetNote(plan)?.tone).toBe('warn');
    expect(budgetNote(plan)?.text).toContain('cannot be checked');
  });

  it('asks first above $10 or 1,000 credits, judged on what the cap lets through', () => {
    const big = spendPlan({ tasks: 2400, estimatedCost: 180, currency: 'USD' }, null);
    expect(needsSpendConfirm(big)).toBe(true);
    const capped = spendPlan({ tasks: 2400, estimatedCost: 180, currency: 'USD' }, 5);
    expect(needsSpendConfirm(capped)).toBe(false);
    const credits = spendPlan({ tasks: 1600, estimatedCost: 6720, currency: 'credits' }, null);
    expect(needsSpendConfirm(credits)).toBe(true);
    const small = spendPlan({ tasks: 8, estimatedCost: 33.6, currency: 'credits' }, null);
    expect(needsSpendConfirm(small)).toBe(false);
  });

  it('follows the threshold from the settings; 0 means always ask', () => {
    const small = spendPlan({ tasks: 8, estimatedCost: 33.6, currency: 'credits' }, null);
    expect(needsSpendConfirm(small, { USD: 10, credits: 30 })).toBe(true);
    const free = spendPlan({ tasks: 1, estimatedCost: 0, currency: 'USD' }, null);
    expect(needsSpendConfirm(free, { USD: 0, credits: 1000 })).toBe(true);
    expect(needsSpendConfirm(free, { USD: 10, credits: 1000 })).toBe(false);
  });
});
