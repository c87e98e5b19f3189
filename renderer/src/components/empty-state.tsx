import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  testId?: string;
}

export default function EmptyState({ title, children, icon, action, testId }: EmptyStateProps) {
  return (
    <div className="empty" data-testid={testId}>
      {icon !== undefined && <div className="empty-icon">{icon}</div>}
      <h3>{title}</h3>
      {children !== undefined && <p className="muted">{children}</p>}
      {action !== undefined && <div className="empty-action">{action}</div>}
    </div>
  );
}
