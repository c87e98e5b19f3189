import Button from '../../../components/button';
import Field, { fieldControlProps } from '../../../components/field';
import Section from '../../../components/section';
import Select from '../../../components/select';
import { IconX } from '../../../components/icons';
import { selectEntry } from '../selectors';
import { useBatch } from '../store';
import type { FormErrors } from '../types';

export default function VariationsSection({ errors }: { errors: FormErrors }) {
  const variations = useBatch((state) => state.variations);
  const setVariations = useBatch((state) => state.setVariations);
  const touch = useBatch((state) => state.touch);
  const provider = useBatch((state) => state.provider);
  const model = useBatch((state) => state.model);
  const entry = selectEntry({ provider, model });
  const hasSeed = entry?.fields.some((hint) => hint.key === 'seed') ?? false;
  const choices = (entry?.fields ?? []).filter(
    (hint) =>
      hint.key !== entry?.promptField &&
      hint.key !== entry?.images?.field &&
      hint.control !== 'json' &&
      hint.control !== 'textarea',
  );

  const setRow = (index: number, patch: { key?: string; values?: string }) =>
    setVariations({
      params: variations.params.map((row, i) => (i === index ? { ...row, ...patch } : row)),
    });

  return (
    <Section
      title="Variations"
      description="Every combination becomes its own task."
      testId="variations-section"
    >
      <div className="grid-2">
        <Field
          id="seeds"
          label="Seeds"
          error={errors.seeds}
          testId="seeds"
          hint={
            hasSeed
              ? 'Comma-separated, ranges allowed: 1, 2, 10-20. Empty: random.'
              : 'This model takes no seed.'
          }
        >
          <input
            {...fieldControlProps('seeds', errors.seeds)}
            className="input mono"
            value={variations.seeds}
            placeholder="e.g. 1-4"
            disabled={!hasSeed}
            data-testid="seeds-input"
            onChange={(event) => setVariations({ seeds: event.target.value })}
            onBlur={() => touch('seeds')}
          />
        </Field>
        <Field
          id="repeat"
          label="Repeat"
          error={errors.repeat}
          testId="repeat"
          hint="Run each combination this many times."
        >
          <input
            {...fieldControlProps('repeat', errors.repeat)}
            className="input num"
            inputMode="numeric"
            value={variations.repeat}
            data-testid="repeat-input"
            onChange={(event) => setVariations({ repeat: event.target.value })}
            onBlur={() => touch('repeat')}
          />
        </Field>
      </div>
      <div className="stack-tight" data-testid="param-variations">
        {variations.params.map((row, index) => (
          <div className="variation-row" key={index}>
            <Select
              aria-label="Parameter to vary"
              value={row.key}
              placeholder="Parameter…"
              options={choices.map((hint) => ({ value: hint.key, label: hint.label }))}
              onChange={(key) => setRow(index, { key })}
            />
            <input
              className="input mono"
              aria-label="Values, comma-separated"
              placeholder={
                choices
                  .find((hint) => hint.key === row.key)
                  ?.options?.slice(0, 2)
                  .join(', ') ?? 'value 1, value 2'
              }
              value={row.values}
              onChange={(event) => setRow(index, { values: event.target.value })}
              onBlur={() => touch('variations')}
            />
            <button
              type="button"
              className="icon-btn"
              aria-label="Remove this variation"
              onClick={() =>
                setVariations({ params: variations.params.filter((_, i) => i !== index) })
              }
            >
              <IconX />
            </button>
          </div>
        ))}
        {errors.variations && (
          <p className="field-error" role="alert" data-testid="variations-error">
            Parameter variations: {errors.variations}
          </p>
        )}
        <div>
          <Button
            size="sm"
            variant="ghost"
            data-testid="add-variation"
            onClick={() =>
              setVariations({ params: [...variations.params, { key: '', values: '' }] })
            }
          >
            + Vary a parameter
          </Button>
        </div>
      </div>
    </Section>
  );
}
