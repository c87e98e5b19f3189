import type { ReactNode } from 'react';

export interface SectionProps {
  title: string;
  description?: ReactNode;
  aside?: ReactNode;
  testId?: string;
  children: ReactNode;
}

/** A titled card: the unit the builder and settings pages are made of. */
export default function Section({ title, description, aside, testId, children }: SectionProps) {
  const headingId = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="section" aria-labelledby={headingId} data-testid={testId}>
      <header className="section-header">
        <div>
          <h2 id={headingId}>{title}</h2>
          {description !== undefined && <p className="section-desc">{description}</p>}
        </div>
        {aside !== undefined && <div className="section-aside">{aside}</div>}
      </header>
      <div className="section-body">{children}</div>
    </section>
  );
}
