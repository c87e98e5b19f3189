import { useState } from 'react';
import Button from '../../../components/button';
import ConfirmDialog from '../../../components/confirm-dialog';
import { IconPlay, IconWarn } from '../../../components/icons';
import { formatMoney, plural } from '../../../lib/format';
import { useSettings } from '../../settings/store';
import { useShell } from '../../shell/store';
import { errorLines } from '../selectors';
import { CONFIRM_ABOVE, needsSpendConfirm, startLabel } from '../spend';
import type { SpendPlan } from '../spend';
import { useBatch } from '../store';
import type { DryRun } from '../store';
import type { FormErrors } from '../types';

export interface StartButtonProps {
  errors: FormErrors;
  result: DryRun | null;
  plan: SpendPlan | null;
  /** Why Start is off (said beside it); null when nothing blocks it. */
  blocked: string | null;
}

/** Start, with what it will do on its face, and a question first when the spend is large. */
export default function StartButton({ errors, result, plan, blocked }: StartButtonProps) {
  const draft = useBatch();
  const navigate = useShell((state) => state.navigate);
  const demo = useShell((state) => state.info?.demo === true);
  const thresholds = useSettings((state) => state.settings?.confirmSpendAbove) ?? CONFIRM_ABOVE;
  const [asking, setAsking] = useState(false);
  const lines = errorLines(draft, errors);

  const go = async () => {
    setAsking(false);
    const batchId = await draft.start();
    if (batchId !== null) navigate('queue', batchId);
  };
  const onStart = () => {
    // With errors, start() reveals them at their fields and sends nothing.
    if (lines.length === 0 && plan !== null && needsSpendConfirm(plan, thresholds)) setAsking(true);
    else void go();
  };

  return (
    <>
      {draft.dryRun.status === 'idle' && lines.length > 0 && (
        <p className="subtle summary-detail">The count appears once every field is valid.</p>
      )}
      {draft.showAllErrors && lines.length > 0 && (
        <div className="issue-list" role="alert" data-testid="form-errors">
          <p>
            <strong>{plural(lines.length, 'field')} to fix before starting:</strong>
          </p>
          {lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      {draft.startError && (
        <p className="inline-error" role="alert" data-testid="start-error">
          {draft.startError}
        </p>
      )}
      <Button
        variant="primary"
        className="summary-start"
        icon={<IconPlay />}
        busy={draft.starting}
        disabled={blocked !== null || (result !== null && (result.tasks === 0 || plan?.fit === 0))}
        aria-describedby={blocked !== null ? 'start-blocked' : undefined}
        onClick={onStart}
        data-testid="start-batch"
      >
        {startLabel(plan)}
      </Button>
      {blocked !== null && (
        <p id="start-blocked" className="inline-error" role="status" data-testid="start-blocked">
          Start is off: {blocked}
        </p>
      )}
      {lines.length > 0 && !draft.showAllErrors && (
        <button
          type="button"
          className="attention"
          onClick={draft.revealErrors}
          data-testid="show-errors"
        >
          <IconWarn />
          {lines.length === 1 ? '1 field needs' : `${lines.length} fields need`} attention · show
        </button>
      )}
      {plan && (
        <ConfirmDialog
          open={asking}
          title="Start this batch?"
          confirmLabel={startLabel(plan)}
          dismissLabel="Not now"
          testId="spend-confirm"
          onDismiss={() => setAsking(false)}
          onConfirm={() => void go()}
        >
          <p className="confirm-total num" data-testid="spend-confirm-total">
            {plural(plan.fit, 'task')} ·{' '}
            {plan.spend === null
              ? 'price not known'
              : `about ${formatMoney(plan.spend, plan.currency)}`}
          </p>
          {plan.fit < plan.tasks && (
            <p>
              The batch has {plural(plan.tasks, 'task')}; the {formatMoney(plan.cap, plan.currency)}{' '}
              cap stops it after {plural(plan.fit, 'task')}.
            </p>
          )}
          {plan.spend === null ? (
            <p>This model has no published price, so Genloom cannot say what it will cost.</p>
          ) : (
            <p className="subtle">
              {thresholds[plan.currency] === 0
                ? 'Genloom asks before every batch'
                : `Genloom asks before any batch above ${formatMoney(thresholds[plan.currency], plan.currency)}`}{' '}
              (you can change this in Settings).
            </p>
          )}
          {demo && (
            <p className="subtle">
              Demo mode: the built-in simulator answers and nothing is charged. With a key, this is
              what the provider would charge.
            </p>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
