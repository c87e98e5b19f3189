import { useState } from 'react';
import Section from '../../../components/section';
import { paramKey } from '../draft-params';
import { displayFields } from '../field-display';
import { plainWords } from '../plain-words';
import { selectEntry } from '../selectors';
import { useBatch } from '../store';
import type { FormErrors } from '../types';
import ParamControl from './param-control';
import PresetBar from './preset-bar';

/** The parameter form, generated from the catalog's display hints for the chosen model. */
export default function ParamsSection({ errors }: { errors: FormErrors }) {
  const provider = useBatch((state) => state.provider);
  const model = useBatch((state) => state.model);
  const raw = useBatch((state) => state.raw);
  const setRaw = useBatch((state) => state.setRaw);
  // Open is the user's choice; an error opens it (the toggle event then records it as open),
  // and nothing closes it under them: a field that becomes valid must not collapse the
  // section and take the focus away mid-typing.
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const touch = useBatch((state) => state.touch);
  const entry = selectEntry({ provider, model });
  if (entry === undefined) return null;
  const fields = displayFields(entry);
  const basic = fields.filter((hint) => !hint.advanced);
  const advanced = fields.filter((hint) => hint.advanced);
  const draw = (list: typeof fields) =>
    list.map((hint) => (
      <ParamControl
        key={`${entry.provider}/${entry.model}/${hint.key}`}
        hint={hint.help === undefined ? hint : { ...hint, help: plainWords(entry, hint.help) }}
        value={raw[hint.key]}
        error={errors[paramKey(hint.key)]}
        onChange={(value) => setRaw(hint.key, value)}
        onBlur={() => touch(paramKey(hint.key))}
      />
    ));
  const advancedErrors = advanced.some((hint) => errors[paramKey(hint.key)] !== undefined);
  return (
    <Section
      title="Parameters"
      description={`Checked as you type against ${entry.title}'s documented rules.`}
      testId="params-section"
    >
      <PresetBar key={`${entry.provider}/${entry.model}`} />
      {errors.form && (
        <p className="field-error" role="alert">
          Request: {errors.form}
        </p>
      )}
      <div className="form-grid">{draw(basic)}</div>
      {advanced.length > 0 && (
        <details
          className="advanced"
          open={advancedOpen || advancedErrors}
          data-testid="params-advanced-section"
          onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}
        >
          <summary data-testid="params-advanced">Advanced ({advanced.length})</summary>
          <div className="form-grid">{draw(advanced)}</div>
        </details>
      )}
    </Section>
  );
}
