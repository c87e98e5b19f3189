import type { HTMLAttributes, ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'ok' | 'warn' | 'danger' | 'info';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: Tone;
  children: ReactNode;
}

export default function Badge({ tone = 'neutral', className, children, ...rest }: BadgeProps) {
  return (
    <span className={['badge', `badge-${tone}`, className].filter(Boolean).join(' ')} {...rest}>
      {children}
    </span>
  );
}
