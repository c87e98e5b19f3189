import type { Currency } from '../../../../../shared/catalog/types';

/**
 * What the budget is counted in. Credits are PoYo's prepaid units: PoYo publishes no one
 * dollar rate (it depends on the pack bought), so Genloom says so rather than guess a figure.
 */
export const CREDITS_EXPLAINED =
  'Credits are PoYo’s prepaid units; what one costs in dollars depends on the credit pack you bought, so Genloom shows credits as PoYo charges them.';

export default function BudgetHint({ currency }: { currency: Currency }) {
  if (currency === 'USD') {
    return <>In US dollars. Submitting stops before the estimated spend would pass it.</>;
  }
  return (
    <span data-testid="credits-explained">
      In credits. Submitting stops before the estimated spend would pass it. {CREDITS_EXPLAINED}
    </span>
  );
}
