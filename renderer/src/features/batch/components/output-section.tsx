import { useEffect, useRef } from 'react';
import Field, { fieldControlProps } from '../../../components/field';
import Section from '../../../components/section';
import Select from '../../../components/select';
import { useSettings } from '../../settings/store';
import { useShell } from '../../shell/store';
import { namingPreview } from '../naming';
import type { DryRunShape } from '../naming';
import { resolvedDir, useOutputDirCheck } from '../output-dir-check';
import { selectEntry } from '../selectors';
import { TEMPLATE_VARIABLES } from '../spec';
import { useBatch } from '../store';
import type { Collision, FormErrors } from '../types';
import BudgetHint from './budget-hint';

const COLLISIONS: { value: Collision; label: string }[] = [
  { value: 'suffix', label: 'Keep both (name-1.png)' },
  { value: 'skip', label: 'Skip existing' },
  { value: 'overwrite', label: 'Overwrite' },
];

/** Checks the typed folder with main: at once the first time, then after a pause in typing. */
function useDirCheck(dir: string): () => void {
  const { run, schedule } = useOutputDirCheck.getState();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      void run(dir);
    } else schedule(dir);
  }, [dir, run, schedule]);
  return () => void run(dir);
}

export default function OutputSection({
  errors,
  dry,
}: {
  errors: FormErrors;
  /** The newest dry run: how many tasks each input makes decides the default template. */
  dry: DryRunShape | null;
}) {
  const draft = useBatch();
  const settings = useSettings((state) => state.settings);
  const historyDir = useShell((state) => state.info?.historyDir);
  const check = useOutputDirCheck((state) => state.check);
  const checkNow = useDirCheck(draft.output.dir);
  const { template: running, example } = namingPreview(draft, settings?.template, dry, new Date());
  const entry = selectEntry(draft);
  const typed = draft.output.dir.trim();
  const folder =
    resolvedDir(check, typed) ??
    (typed || settings?.outputDir || (historyDir ? `${historyDir}/outputs` : 'the default folder'));
  const currency = entry?.price({}).currency ?? 'credits';

  return (
    <Section
      title="Output"
      description="Where files go, how they are named, and the spending cap."
      testId="output-section"
    >
      <div className="grid-2">
        <Field
          id="output-dir"
          label="Output folder"
          error={errors['output.dir']}
          testId="output-dir"
          hint={
            typed === ''
              ? `Left empty, files go to ${folder}`
              : 'Files go here; missing folders are created when the first file arrives.'
          }
        >
          <input
            {...fieldControlProps('output-dir', errors['output.dir'])}
            className="input mono"
            value={draft.output.dir}
            placeholder={settings?.outputDir ?? 'Default output folder'}
            data-testid="output-dir-input"
            onChange={(event) => draft.setOutput({ dir: event.target.value })}
            onBlur={checkNow}
          />
        </Field>
        <Field id="output-collision" label="When a file exists">
          <Select
            id="output-collision"
            value={draft.output.collision}
            options={COLLISIONS}
            data-testid="output-collision"
            onChange={(value) => draft.setOutput({ collision: value as Collision })}
          />
        </Field>
      </div>
      <Field
        id="output-template"
        label="File name template"
        error={errors['output.template']}
        testId="output-template"
        hint={<>Variables: {TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')}</>}
      >
        <input
          {...fieldControlProps('output-template', errors['output.template'])}
          className="input mono"
          value={draft.output.template}
          placeholder={running}
          data-testid="output-template-input"
          onChange={(event) => draft.setOutput({ template: event.target.value })}
        />
      </Field>
      <div className="naming-example" data-testid="naming-example">
        <span className="subtle">First file</span>
        <code className="truncate" data-testid="naming-example-path" title={running}>
          {example.ok ? `${folder}/${example.value}` : '—'}
        </code>
      </div>
      <div className="grid-2">
        <Field
          id="budget"
          label="Budget cap"
          error={errors.budget}
          testId="budget"
          hint={<BudgetHint currency={currency} />}
        >
          <input
            {...fieldControlProps('budget', errors.budget)}
            className="input num"
            inputMode="decimal"
            value={draft.budget}
            placeholder="No cap"
            data-testid="budget-input"
            onChange={(event) => draft.setBudget(event.target.value)}
          />
        </Field>
        <Field
          id="batch-name"
          label="Batch name"
          testId="batch-name"
          hint="Shown in the queue and history; searchable."
        >
          <input
            id="batch-name"
            className="input"
            value={draft.name}
            placeholder="Untitled batch"
            maxLength={200}
            data-testid="batch-name-input"
            onChange={(event) => draft.setName(event.target.value)}
          />
        </Field>
      </div>
    </Section>
  );
}
