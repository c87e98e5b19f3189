export interface ProgressSegment {
  value: number;
  tone: 'ok' | 'danger' | 'accent' | 'warn' | 'neutral';
  label: string;
  /** Not finished yet (in flight, waiting for the user): drawn, but not counted as done. */
  pending?: boolean;
}

export interface ProgressBarProps {
  total: number;
  segments: readonly ProgressSegment[];
  /** Accessible name, e.g. "Batch progress". */
  label: string;
  /** The spoken value; by default "N of M done". Say more when ended is not the same as done. */
  valueText?: string;
  testId?: string;
}

/** A stacked bar (succeeded / failed / running ...) with one accessible value: done / total. */
export default function ProgressBar({
  total,
  segments,
  label,
  valueText,
  testId,
}: ProgressBarProps) {
  const done = segments.reduce((sum, segment) => sum + (segment.pending ? 0 : segment.value), 0);
  const safeTotal = Math.max(total, 1);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={Math.min(done, total)}
      aria-valuetext={valueText ?? `${Math.min(done, total)} of ${total} done`}
      data-testid={testId}
    >
      {segments.map((segment) =>
        segment.value > 0 ? (
          <span
            key={segment.label}
            className={`progress-seg progress-${segment.tone}${segment.pending ? ' progress-pending' : ''}`}
            style={{ width: `${(segment.value / safeTotal) * 100}%` }}
            title={`${segment.label}: ${segment.value}`}
          />
        ) : null,
      )}
    </div>
  );
}
