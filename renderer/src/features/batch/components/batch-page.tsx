import { useEffect, useMemo } from 'react';
import { selectFormErrors, visibleErrors } from '../selectors';
import { selectSpec } from '../selectors';
import { useBatch } from '../store';
import InputsSection from './inputs-section';
import ModelSection from './model-section';
import OutputSection from './output-section';
import ParamsSection from './params-section';
import PromptSection from './prompt-section';
import SummaryPanel from './summary-panel';
import VariationsSection from './variations-section';

/** Waits this long after the last keystroke before asking main to recount. */
const DRY_RUN_DEBOUNCE_MS = 250;

export default function BatchPage() {
  const draft = useBatch();
  const errors = useMemo(() => selectFormErrors(draft), [draft]);
  const shown = visibleErrors(draft, errors);
  const specKey = useMemo(() => {
    const spec = selectSpec(draft);
    return spec.ok ? JSON.stringify(spec.spec) : null;
  }, [draft]);
  const refreshDryRun = useBatch((state) => state.refreshDryRun);

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
        </header>
        <InputsSection error={shown.inputs} />
        <ModelSection />
        <PromptSection errors={shown} />
        <ParamsSection errors={shown} />
        <VariationsSection errors={shown} />
        <OutputSection errors={shown} />
      </div>
      <SummaryPanel errors={errors} />
    </div>
  );
}
