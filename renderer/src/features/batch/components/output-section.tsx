import Field, { fieldControlProps } from '../../../components/field';
import Section from '../../../components/section';
import Select from '../../../components/select';
import { useSettings } from '../../settings/store';
import { selectEntry, selectNamingExample } from '../selectors';
import { TEMPLATE_VARIABLES } from '../spec';
import { useBatch } from '../store';
import type { Collision, FormErrors } from '../types';

/** Shown when neither the form nor the settings name a template (the engine's own default). */
export const ENGINE_TEMPLATE_HINT = '{batch}/{input}-{index}.{ext}';

const COLLISIONS: { value: Collision; label: string }[] = [
  { value: 'suffix', label: 'Keep both (name-1.png)' },
  { value: 'skip', label: 'Skip existing' },
  { value: 'overwrite', label: 'Overwrite' },
];

export default function OutputSection({ errors }: { errors: FormErrors }) {
  const draft = useBatch();
  const settings = useSettings((state) => state.settings);
  const home = useSettings((state) => state.home);
  const fallbackTemplate = settings?.template ?? ENGINE_TEMPLATE_HINT;
  const example = selectNamingExample(draft, fallbackTemplate, new Date());
  const entry = selectEntry(draft);
  const folder =
    draft.output.dir.trim() ||
    settings?.outputDir ||
    (home ? `${home}/outputs` : 'the default folder');
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
          hint={`Empty: ${folder}`}
        >
          <input
            {...fieldControlProps('output-dir', errors['output.dir'])}
            className="input mono"
            value={draft.output.dir}
            placeholder={settings?.outputDir ?? 'Default output folder'}
            data-testid="output-dir-input"
            onChange={(event) => draft.setOutput({ dir: event.target.value })}
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
          placeholder={fallbackTemplate}
          data-testid="output-template-input"
          onChange={(event) => draft.setOutput({ template: event.target.value })}
        />
      </Field>
      <div className="naming-example" data-testid="naming-example">
        <span className="subtle">Example</span>
        <code className="truncate">{example.ok ? `${folder}/${example.value}` : '—'}</code>
      </div>
      <div className="grid-2">
        <Field
          id="budget"
          label="Budget cap"
          error={errors.budget}
          testId="budget"
          hint={`In ${currency === 'USD' ? 'US dollars' : 'credits'}. Submitting stops before the estimated spend would pass it.`}
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
