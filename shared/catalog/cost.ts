// Price helpers: one place that multiplies, rounds and words an estimate.
import type { CostEstimate, Currency } from './types';

/** Rounds away float noise (4.2 x 3 = 12.600000000000001) without losing cents of credits. */
export function roundAmount(amount: number): number {
  return Math.round(amount * 10000) / 10000;
}

export function formatAmount(amount: number, currency: Currency): string {
  // One way of writing numbers everywhere: thousands separated ("1,260 credits", "$1,234.50").
  if (currency === 'USD') {
    // Two decimals at least, more only when a price needs them ($0.075).
    const text = amount.toLocaleString('en-US', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 4,
    });
    return `$${text}`;
  }
  return `${roundAmount(amount).toLocaleString('en-US', { maximumFractionDigits: 4 })} credits`;
}

/** "8.4 credits", "$0.06", or "unknown" when the documents give no price. */
export function formatCost(cost: CostEstimate): string {
  return cost.amount === null ? 'unknown' : formatAmount(cost.amount, cost.currency);
}

/** A fixed price per output, multiplied by the requested count. */
export function perOutputCost(
  unitPrice: number,
  currency: Currency,
  count: number,
  unit: string,
  note?: string,
): CostEstimate {
  const units = `${count} ${unit}${count === 1 ? '' : 's'}`;
  const basis = `${formatAmount(unitPrice, currency)} x ${units}${note ? `, ${note}` : ''}`;
  return { amount: roundAmount(unitPrice * count), currency, basis };
}

export function unknownCost(currency: Currency, basis: string): CostEstimate {
  return { amount: null, currency, basis };
}
