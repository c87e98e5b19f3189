import { useEffect, useMemo } from 'react';
import { placeIssues } from '../dry-run-issues';
import { dirRefusal, outputDirWords, useOutputDirCheck } from '../output-dir-check';
import { selectEntry, selectFormErrors, selectSpec, visibleErrors } from '../selectors';
import { parseBudget } from '../spec';
import { spendPlan } from '../spend';
import { useBatch } from '../store';
import type { DryRun, DryRunState } from '../store';
import DraftClear from './draft-clear';
import InputsSection from './inputs-section';
import ModelSection from './model-section';
import OutputSection from './output-section';
import ParamsSection from './params-section';
import PromptSection from './prompt-section';
import SummaryPanel from './summary-panel';
import VariationsSection from './variations-section';
import WelcomeCard from './welcome-card';

/** Waits this long after the last keystroke before asking main to recount. */
const DRY_RUN_DEBOUNCE_MS = 250;

/** The figures to show: the newest answer, or the previous one while recounting. */
function shownResult(dry: DryRunState): DryRun | null {
  if (dry.status === 'ready') return dry.result;
  return dry.status === 'loading' ? dry.previous : null;
}

export default function BatchPage() {
  const draft = useBatch();
  const errors = useMemo(() => selectFormErrors(draft), [draft]);
  const shown = visibleErrors(draft, errors);
  const specKey = useMemo(() => {
    const spec = selectSpec(draft);
    return spec.ok ? JSON.stringify(spec.spec) : null;
  }, [draft]);
  const refreshDryRun = useBatch((state) => state.refreshDryRun);
  const result = shownResult(draft.dryRun);
  const issues = draft.dryRun.status === 'error' ? draft.dryRun.issues : (result?.issues ?? []);
  const placed = placeIssues(
    issues.filter((issue) => issue.field !== 'output.dir'),
    draft.prompt.mode,
    selectEntry(draft),
  );
  // A folder that cannot take files is said at the field (checked as the user types, and by
  // the dry run), and Start stays off with that reason: nothing is submitted to find out.
  const check = useOutputDirCheck((state) => state.check);
  const dryDirIssue = issues.find((issue) => issue.field === 'output.dir');
  const dirProblem =
    dirRefusal(check, draft.output.dir) ??
    (dryDirIssue ? outputDirWords(dryDirIssue.message) : undefined);
  const blocked = dirProblem === undefined ? null : `Output folder: ${dirProblem}`;
  const budget = parseBudget(draft.budget);
  const plan = result ? spendPlan(result, budget.ok ? budget.value : null) : null;

  useEffect(() => {
    const timer = window.setTimeout(
      () => void refreshDryRun(),
      specKey === null ? 0 : DRY_RUN_DEBOUNCE_MS,
    );
    return () => window.clearTimeout(timer);
  }, [specKey, refreshDryRun]);

  return (
    <div className="page page-split" data-testid="page-create">
      <div className="page-main">
        <header className="page-header">
          <div>
            <h1>New batch</h1>
            <p className="muted">Add inputs, pick a model, check the dry run, start.</p>
          </div>
          <DraftClear />
        </header>
        <WelcomeCard />
        <InputsSection error={shown.inputs} />
        <ModelSection />
        {/* The form's own checks win; the dry run's prompt problems show when it has none. */}
        <PromptSection errors={{ ...placed.prompt, ...shown }} />
        <ParamsSection errors={shown} />
        <VariationsSection errors={shown} />
        <OutputSection
          errors={dirProblem === undefined ? shown : { ...shown, 'output.dir': dirProblem }}
          dry={result}
        />
      </div>
      <SummaryPanel
        errors={errors}
        result={result}
        plan={plan}
        others={placed.others}
        promptProblem={Object.keys(placed.prompt).length > 0}
        blocked={blocked}
      />
    </div>
  );
}
