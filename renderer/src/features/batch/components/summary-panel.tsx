import Button from '../../../components/button';
import { IconPlay, IconWarn } from '../../../components/icons';
import { formatMoney, plural } from '../../../lib/format';
import { useShell } from '../../shell/store';
import { errorLines, selectEntry } from '../selectors';
import { parseBudget } from '../spec';
import { useBatch } from '../store';
import type { FormErrors } from '../types';

export default function SummaryPanel({ errors }: { errors: FormErrors }) {
  const draft = useBatch();
  const navigate = useShell((state) => state.navigate);
  const entry = selectEntry(draft);
  const dry = draft.dryRun;
  const result =
    dry.status === 'ready' ? dry.result : dry.status === 'loading' ? dry.previous : null;
  const lines = errorLines(draft, errors);
  const budget = parseBudget(draft.budget);
  const cap = budget.ok ? budget.value : null;
  const overBudget =
    cap !== null && result !== null && result.estimatedCost !== null && result.estimatedCost > cap;
  const perTask =
    result && result.estimatedCost !== null && result.tasks > 0
      ? result.estimatedCost / result.tasks
      : null;

  const start = async () => {
    const batchId = await draft.start();
    if (batchId !== null) {
      navigate('queue', batchId);
    }
  };

  return (
    <aside className="summary" aria-label="Dry run and start" data-testid="dry-run">
      <h2 className="summary-title">Dry run</h2>
      <div className="summary-figures">
        <div className="figure">
          <span className="figure-label">Tasks</span>
          <span className="figure-value num" data-testid="dry-run-tasks">
            {result ? result.tasks.toLocaleString('en-US') : '—'}
          </span>
        </div>
        <div className="figure">
          <span className="figure-label">Estimated cost</span>
          <span className="figure-value num" data-testid="dry-run-cost">
            {result ? formatMoney(result.estimatedCost, result.currency) : '—'}
          </span>
        </div>
      </div>
      {dry.status === 'loading' && (
        <p className="subtle" aria-live="polite">
          Recounting…
        </p>
      )}
      {dry.status === 'idle' && lines.length > 0 && (
        <p className="subtle">The count appears once every field is valid.</p>
      )}
      {result && perTask !== null && (
        <p className="subtle num">
          {formatMoney(perTask, result.currency)} per task · {entry?.title}
        </p>
      )}
      {cap !== null && result && (
        <p
          className={overBudget ? 'summary-note warn-text' : 'summary-note muted'}
          data-testid="dry-run-budget"
        >
          {overBudget
            ? `Over the ${formatMoney(cap, result.currency)} cap: submitting stops before the estimate passes it.`
            : `Within the ${formatMoney(cap, result.currency)} cap.`}
        </p>
      )}
      {result && result.issues.length > 0 && (
        <ul className="issue-list" data-testid="dry-run-issues">
          {result.issues.slice(0, 6).map((issue) => (
            <li key={`${issue.field}:${issue.message}`}>
              <IconWarn /> {issue.field ? `${issue.field}: ` : ''}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      {dry.status === 'error' && (
        <div className="issue-list" role="alert" data-testid="dry-run-error">
          <p>
            <IconWarn /> {dry.message}
          </p>
          {dry.issues.map((issue) => (
            <p key={`${issue.field}:${issue.message}`} className="subtle">
              {issue.field}: {issue.message}
            </p>
          ))}
        </div>
      )}
      {result && result.sample.length > 0 && (
        <div className="sample">
          <span className="figure-label">First tasks</span>
          <ol>
            {result.sample.slice(0, 3).map((task, index) => (
              <li key={index} className="truncate" title={task.prompt}>
                {task.inputs[0] ? (
                  <span className="mono subtle">{task.inputs[0].split(/[\\/]/).pop()} · </span>
                ) : null}
                {task.prompt || <span className="subtle">(no prompt)</span>}
              </li>
            ))}
          </ol>
        </div>
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
        disabled={result !== null && result.tasks === 0}
        onClick={() => void start()}
        data-testid="start-batch"
      >
        {result ? `Start ${plural(result.tasks, 'task')}` : 'Start'}
      </Button>
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
    </aside>
  );
}
