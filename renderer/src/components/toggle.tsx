export interface ToggleProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  id?: string;
  disabled?: boolean;
  testId?: string;
}

/** An on/off switch; a button with role="switch" so Space and Enter work. */
export default function Toggle({ checked, onChange, label, id, disabled, testId }: ToggleProps) {
  return (
    <button
      type="button"
      id={id}
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      data-testid={testId}
      className={checked ? 'toggle toggle-on' : 'toggle'}
      onClick={() => onChange(!checked)}
    >
      <span className="toggle-knob" />
    </button>
  );
}
