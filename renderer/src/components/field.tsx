import type { ReactNode } from 'react';

export interface FieldProps {
  id: string;
  label: string;
  /** The rule the value breaks, in plain words ("must be a whole number from 1 to 4"). */
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  /** Right-aligned extra in the label row (a counter, a reset link). */
  aside?: ReactNode;
  testId?: string;
  children: ReactNode;
}

/**
 * A labelled control. The error names the field and the rule ("Seed: must be ..."), sits beside
 * the control and never replaces it, so what the user typed stays on screen.
 */
export default function Field({
  id,
  label,
  error,
  hint,
  required = false,
  aside,
  testId,
  children,
}: FieldProps) {
  const errorId = `${id}-error`;
  return (
    <div className={error ? 'field field-invalid' : 'field'} data-testid={testId}>
      <div className="field-label-row">
        <label htmlFor={id} className="field-label">
          {label}
          {required && (
            <span className="field-required" aria-hidden="true">
              *
            </span>
          )}
        </label>
        {aside !== undefined && <span className="field-aside">{aside}</span>}
      </div>
      {children}
      {error ? (
        <p
          id={errorId}
          className="field-error"
          role="alert"
          data-testid={testId ? `${testId}-error` : undefined}
        >
          {label}: {error}
        </p>
      ) : hint ? (
        <p className="field-hint">{hint}</p>
      ) : null}
    </div>
  );
}

/** Props to spread on the control inside a Field, so screen readers tie the error to it. */
export function fieldControlProps(id: string, error: string | undefined) {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  } as const;
}
