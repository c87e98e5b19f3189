import { IconWarn } from '../../../components/icons';
import { formatMoney } from '../../../lib/format';
import { selectEntry } from '../selectors';
import { budgetNote } from '../spend';
import type { SpendPlan } from '../spend';
import { useBatch } from '../store';
import type { DryRun } from '../store';
import type { FormErrors } from '../types';
import StartButton from './start-button';

export interface SummaryPanelProps {
  errors: FormErrors;
  result: DryRun | null;
  plan: SpendPlan | null;
  /** Dry-run problems outside the prompt, each with a plain label. */
  others: { label: string; message: string }[];
  /** The prompt section shows a problem from the dry run: said here once, pointing there. */
  promptProblem: boolean;
  /** Why Start cannot run now (a field refused before any count), in words; null when it can. */
  blocked: string | null;
}

/** The dry run beside the form: what the batch makes, what it costs, and Start. */
export default function SummaryPanel({
  errors,
  result,
  plan,
  others,
  promptProblem,
  blocked,
}: SummaryPanelProps) {
  const dry = useBatch((state) => state.dryRun);
  const provider = useBatch((state) => state.provider);
  const model = useBatch((state) => state.model);
  const entry = selectEntry({ provider, model });
  const perTask =
    result && result.estimatedCost !== null && result.tasks > 0
      ? result.estimatedCost / result.tasks
      : null;
  const note = budgetNote(plan);

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
        <p className="subtle summary-detail" aria-live="polite">
          Recounting…
        </p>
      )}
      {result && perTask !== null && (
        <p className="subtle num summary-detail">
          {formatMoney(perTask, result.currency)} per task · {entry?.title}
        </p>
      )}
      {note && (
        <p
          className={note.tone === 'warn' ? 'summary-note warn-text' : 'summary-note muted'}
          data-testid="dry-run-budget"
        >
          {note.text}
        </p>
      )}
      {promptProblem && (
        <p className="summary-note warn-text" data-testid="dry-run-prompt-note">
          <IconWarn /> The prompt needs a fix before anything can be counted: see Prompt.
        </p>
      )}
      {others.length > 0 && (
        <ul className="issue-list" data-testid="dry-run-issues">
          {others.slice(0, 6).map((issue) => (
            <li key={`${issue.label}:${issue.message}`}>
              <IconWarn /> {issue.label}: {issue.message}
            </li>
          ))}
          {others.length > 6 && <li className="subtle">and {others.length - 6} more</li>}
        </ul>
      )}
      {dry.status === 'error' && others.length === 0 && !promptProblem && (
        <div className="issue-list" role="alert" data-testid="dry-run-error">
          <p>
            <IconWarn /> {dry.message}
          </p>
        </div>
      )}
      {result && result.sample.length > 0 && (
        <div className="sample summary-detail">
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
      <StartButton errors={errors} result={result} plan={plan} blocked={blocked} />
    </aside>
  );
}
