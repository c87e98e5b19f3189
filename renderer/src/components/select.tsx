import type { SelectHTMLAttributes } from 'react';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> {
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  placeholder?: string;
}

/** A native select (keyboard and screen readers for free), styled to match. */
export default function Select({
  options,
  onChange,
  placeholder,
  className,
  value,
  ...rest
}: SelectProps) {
  return (
    <div className={['select', className].filter(Boolean).join(' ')}>
      <select value={value} onChange={(event) => onChange(event.target.value)} {...rest}>
        {placeholder !== undefined && (
          <option value="" disabled>
            {placeholder}
          </option>
        )}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <svg className="select-chevron" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
    </div>
  );
}
