import { useState } from 'react';
import type { FieldHint } from '../../../../../shared/catalog/types';
import Field, { fieldControlProps } from '../../../components/field';
import Select from '../../../components/select';
import Toggle from '../../../components/toggle';
import type { RawValue } from '../types';

export interface ParamControlProps {
  hint: FieldHint;
  value: RawValue | undefined;
  error: string | undefined;
  onChange: (value: RawValue) => void;
  onBlur: () => void;
}

const CUSTOM = '__custom__';

function rangeHint(hint: FieldHint): string | undefined {
  if (hint.min !== undefined && hint.max !== undefined) return `${hint.min} to ${hint.max}`;
  return undefined;
}

/** "Choose a mode…", "Choose an aspect ratio…". */
export function choosePrompt(label: string): string {
  const noun = label.toLowerCase();
  return `Choose ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}…`;
}

/** One catalog field drawn from its display hint; the value is kept exactly as typed. */
export default function ParamControl({ hint, value, error, onChange, onBlur }: ParamControlProps) {
  const id = `param-${hint.key}`;
  const testId = `param-${hint.key}`;
  const control = fieldControlProps(id, error);
  const text = typeof value === 'string' ? value : '';
  const presets = (hint.options ?? []).map(String);
  // A value set from outside (a preset) that is not in the list shows as custom too.
  const [customChosen, setCustom] = useState(false);
  const custom = customChosen || (text !== '' && !presets.includes(text));
  const help = [hint.help, rangeHint(hint) && `Range ${rangeHint(hint)}.`]
    .filter(Boolean)
    .join(' ');

  let input;
  switch (hint.control) {
    case 'boolean':
      input = (
        <Toggle
          id={id}
          checked={value === true || value === 'true'}
          label={hint.label}
          testId={`${testId}-input`}
          onChange={(checked) => {
            onChange(checked);
            onBlur();
          }}
        />
      );
      break;
    case 'select':
      input = (
        <Select
          {...control}
          value={text}
          // A required select with no value says so; otherwise the browser would show the
          // first option as if it were chosen while the value stays empty.
          placeholder={hint.required ? choosePrompt(hint.label) : undefined}
          data-testid={`${testId}-input`}
          options={[
            ...(hint.required ? [] : [{ value: '', label: 'Provider default' }]),
            ...presets.map((option) => ({ value: option, label: option })),
          ]}
          onChange={(next) => {
            onChange(next);
            onBlur();
          }}
        />
      );
      break;
    case 'size':
      input = (
        <div className="size-control">
          <Select
            {...control}
            value={custom ? CUSTOM : text}
            data-testid={`${testId}-input`}
            options={[
              { value: '', label: 'Provider default' },
              ...presets.map((option) => ({ value: option, label: option.replace('x', ' × ') })),
              { value: CUSTOM, label: 'Custom size…' },
            ]}
            onChange={(next) => {
              if (next === CUSTOM) {
                setCustom(true);
                return;
              }
              setCustom(false);
              onChange(next);
              onBlur();
            }}
          />
          {custom && (
            <input
              className="input mono"
              aria-label={`${hint.label}, custom width × height`}
              placeholder="1280x720"
              value={presets.includes(text) ? '' : text}
              data-testid={`${testId}-custom`}
              onChange={(event) => onChange(event.target.value)}
              onBlur={onBlur}
            />
          )}
        </div>
      );
      break;
    case 'textarea':
    case 'json':
      input = (
        <textarea
          {...control}
          className={hint.control === 'json' ? 'input textarea mono' : 'input textarea'}
          rows={hint.control === 'json' ? 3 : 2}
          value={text}
          placeholder={hint.control === 'json' ? '{"key": "value"}' : undefined}
          data-testid={`${testId}-input`}
          onChange={(event) => onChange(event.target.value)}
          onBlur={onBlur}
        />
      );
      break;
    default:
      input = (
        <input
          {...control}
          className="input"
          inputMode={
            hint.control === 'integer'
              ? 'numeric'
              : hint.control === 'number'
                ? 'decimal'
                : undefined
          }
          value={text}
          placeholder={hint.default !== undefined ? String(hint.default) : undefined}
          data-testid={`${testId}-input`}
          onChange={(event) => onChange(event.target.value)}
          onBlur={onBlur}
        />
      );
  }

  return (
    <Field
      id={id}
      label={hint.label}
      error={error}
      hint={help || undefined}
      required={hint.required}
      testId={testId}
    >
      {input}
    </Field>
  );
}
