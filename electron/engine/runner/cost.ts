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
  const { provider, outcome, estimated, outputsExpected, outputsDelivered } = input;
  if (input.charged !== undefined && Number.isFinite(input.charged)) {
    return { actual: input.charged, refund: null, basis: 'as charged by the provider' };
  }
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
