// What a batch will spend, said before Start: how many tasks fit the budget cap, what the
// Start button promises, and whether the amount is large enough to ask first.
import type { Currency } from '../../../../shared/catalog/types';
import { DEFAULT_SETTINGS } from '../../../../shared/ipc/settings';
import { formatMoney } from '../../lib/format';

/**
 * Above this estimated spend, Start asks first, showing the total: the settings'
 * confirmSpendAbove, or these defaults ($10 or 1,000 credits) until the settings have loaded.
 */
export const CONFIRM_ABOVE: Readonly<Record<Currency, number>> = DEFAULT_SETTINGS.confirmSpendAbove;

export interface DryRunFigures {
  tasks: number;
  estimatedCost: number | null;
  currency: Currency;
}

export interface SpendPlan {
  tasks: number;
  /** Tasks the cap lets through (all of them when there is no cap or no price). */
  fit: number;
  estimate: number | null;
  /** What can be spent at most: the estimate, or the cap when it is lower. */
  spend: number | null;
  currency: Currency;
  cap: number | null;
}

// The engine stops before the next task's estimate would pass the cap, so with one price per
// task exactly floor(cap / price) go through. The epsilon keeps 8.4 / 4.2 at 2, not 1.99999.
const EPSILON = 1e-9;

export function spendPlan(result: DryRunFigures, cap: number | null): SpendPlan {
  const { tasks, estimatedCost: estimate, currency } = result;
  if (cap === null || estimate === null || tasks === 0 || estimate <= cap) {
    const spend = estimate === null ? null : estimate;
    return { tasks, fit: tasks, estimate, spend, currency, cap };
  }
  const perTask = estimate / tasks;
  const fit = Math.min(tasks, Math.floor(cap / perTask + EPSILON));
  return { tasks, fit, estimate, spend: fit * perTask, currency, cap };
}

const tasksWord = (count: number): string =>
  `${count.toLocaleString('en-US')} ${count === 1 ? 'task' : 'tasks'}`;

/** "Start 8 tasks", or "Start 2 of 4 tasks" when the cap stops the rest. */
export function startLabel(plan: SpendPlan | null): string {
  if (plan === null) return 'Start';
  if (plan.fit < plan.tasks) {
    return `Start ${plan.fit.toLocaleString('en-US')} of ${tasksWord(plan.tasks)}`;
  }
  return `Start ${tasksWord(plan.tasks)}`;
}

export interface BudgetNote {
  tone: 'muted' | 'warn';
  text: string;
}

/** One sentence about the cap, never two that disagree; null when there is no cap. */
export function budgetNote(plan: SpendPlan | null): BudgetNote | null {
  if (plan === null || plan.cap === null) return null;
  const cap = formatMoney(plan.cap, plan.currency);
  if (plan.estimate === null) {
    return {
      tone: 'warn',
      text: `The price is not known, so the ${cap} cap cannot be checked: leave it empty or choose a priced model.`,
    };
  }
  if (plan.fit < plan.tasks) {
    return {
      tone: 'warn',
      text: `${plan.fit.toLocaleString('en-US')} of ${tasksWord(plan.tasks)} fit the ${cap} cap; the rest are not submitted.`,
    };
  }
  return { tone: 'muted', text: `Within the ${cap} cap.` };
}

/**
 * Whether Start asks first: the most it can spend passes the threshold, or is unknown; a
 * threshold of 0 means always ask.
 */
export function needsSpendConfirm(
  plan: SpendPlan,
  thresholds: Readonly<Record<Currency, number>> = CONFIRM_ABOVE,
): boolean {
  if (plan.fit === 0) return false;
  const threshold = thresholds[plan.currency];
  if (plan.spend === null || threshold === 0) return true;
  return plan.spend > threshold;
}
