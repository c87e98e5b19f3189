import { describe, expect, it } from 'vitest';
import { formatAmount, formatCost } from './cost';

describe('amounts in words', () => {
  it('write thousands one way everywhere, dollars with two to four decimals', () => {
    expect(formatAmount(1260, 'credits')).toBe('1,260 credits');
    expect(formatAmount(8.4, 'credits')).toBe('8.4 credits');
    expect(formatAmount(180, 'USD')).toBe('$180.00');
    expect(formatAmount(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatAmount(0.075, 'USD')).toBe('$0.075');
    expect(formatCost({ amount: null, currency: 'USD', basis: '' })).toBe('unknown');
  });
});
