// The cost ledger's rules: what a finished task actually cost, as each provider describes its
// billing. Estimates come from the catalog before submit; this settles them after.
import type { ProviderId } from '../../../shared/catalog/types';
import { roundAmount } from '../../../shared/catalog/cost';

export interface Settlement {
  /** null when the provider publishes no price (Modelverse) or no billing rule for the case. */
  actual: number | null;
  /** Part of the estimate given back (APIXO partial success), for the ledger's events. */
  refund: number | null;
  basis: string;
  /** A figure the provider reported that cannot be right; the estimate stood instead. */
  rejectedCharge?: { reported: number; reason: string };
}

/** Rounding slack when a reported charge is compared with the request's price. */
const CHARGE_SLACK = 1e-6;

/**
 * Is a charge the provider reported possible at all? Finite, >= 0 and at most what the request
 * could cost (its estimate is its price at the most: every output billed). A figure outside
 * that (a negative credit that would defeat the budget, NaN) is refused with the reason.
 */
export function checkCharge(charged: number, estimated: number | null): string | null {
  if (!Number.isFinite(charged)) return 'it is not a finite number';
  if (charged < 0) return 'it is below 0';
  if (estimated !== null && charged > estimated * (1 + CHARGE_SLACK) + CHARGE_SLACK) {
    return `the request costs at most ${estimated}`;
  }
  return null;
}

export interface SettleInput {
  provider: ProviderId;
  outcome: 'succeeded' | 'failed' | 'canceled';
  estimated: number | null;
  outputsExpected: number;
  outputsDelivered: number;
  /** What the provider says it charged (PoYo credits_amount), which wins when present. */
  charged?: number;
}

export function settleCost(input: SettleInput): Settlement {
  const { charged, estimated } = input;
  if (charged === undefined) return byRule(input);
  const why = checkCharge(charged, estimated);
  if (why === null) return { actual: charged, refund: null, basis: 'as charged by the provider' };
  const fallback = byRule(input);
  return {
    ...fallback,
    basis: `${fallback.basis}; the provider reported ${charged}, refused because ${why}`,
    rejectedCharge: { reported: charged, reason: why },
  };
}

function byRule(input: SettleInput): Settlement {
  const { provider, outcome, estimated, outputsExpected, outputsDelivered } = input;
  if (estimated === null) {
    return { actual: null, refund: null, basis: 'the provider publishes no price for this model' };
  }
  switch (provider) {
    case 'apixo': {
      // Seed 003: precharge = requested x unit; final = successful images x unit; the rest
      // is refunded. A failed task delivered nothing, so everything comes back.
      const expected = Math.max(1, outputsExpected);
      const delivered = outcome === 'succeeded' ? Math.min(outputsDelivered, expected) : 0;
      const actual = roundAmount((estimated / expected) * delivered);
      return {
        actual,
        refund: roundAmount(estimated - actual),
        basis: `${delivered} of ${expected} images billed (APIXO refunds the rest)`,
      };
    }
    case 'poyo':
      // PoYo: "failed generation tasks are not charged". A success is billed as priced.
      return outcome === 'succeeded'
        ? { actual: estimated, refund: null, basis: 'billed as priced' }
        : { actual: 0, refund: null, basis: 'PoYo does not charge failed tasks' };
    case 'modelverse':
      return outcome === 'succeeded'
        ? { actual: estimated, refund: null, basis: 'billed as priced' }
        : {
            actual: null,
            refund: null,
            basis: 'Modelverse documents no billing rule for failures',
          };
  }
}
