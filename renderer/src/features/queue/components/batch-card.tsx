import { useState } from 'react';
import type { BatchSummary } from '../../../../../shared/ipc/views';
import Badge from '../../../components/badge';
import Button from '../../../components/button';
import ConfirmDialog from '../../../components/confirm-dialog';
import { modelTitle } from '../../../components/model-names';
import ProgressBar from '../../../components/progress-bar';
import { IconPause, IconPlay, IconRetry, IconStop, IconWarn } from '../../../components/icons';
import { formatMoney, formatRelative } from '../../../lib/format';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { cancelConsequences, countChips, doneText, progressValueText } from '../counts';
import { PHASE_LABELS, etaText, phaseOf, progressOf } from '../selectors';
import { useQueue } from '../store';
import TaskList from './task-list';

const PHASE_TONES = {
  running: 'accent',
  paused: 'neutral',
  waiting: 'warn',
  done: 'ok',
  failed: 'danger',
  canceled: 'neutral',
  partial: 'warn',
} as const;

export default function BatchCard({ batch, now }: { batch: BatchSummary; now: number }) {
  const expanded = useQueue((state) => state.expanded === batch.id);
  const busy = useQueue((state) => state.busy);
  const expand = useQueue((state) => state.expand);
  const act = useQueue((state) => state.act);
  const loadTasks = useQueue((state) => state.loadTasks);
  const p = progressOf(batch);
  const phase = phaseOf(batch);
  const eta = etaText(batch, now);
  const open = batch.status === 'active' || batch.status === 'paused';
  const model = modelTitle(batch.provider, batch.model);
  const title = batch.name || `${model} batch`;
  const [confirmCancel, setConfirmCancel] = useState(false);

  return (
    <article
      className={expanded ? 'batch-card batch-card-open' : 'batch-card'}
      data-testid="batch-card"
      data-batch-id={batch.id}
      data-phase={phase}
    >
      <div className="batch-card-head">
        <button
          type="button"
          className="batch-card-title"
          aria-expanded={expanded}
          onClick={() => expand(expanded ? null : batch.id)}
          data-testid="batch-toggle"
        >
          <svg className="chevron" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
          <span className="truncate">
            <strong>{title}</strong>
            <span className="subtle">
              {' '}
              · {PROVIDER_LABELS[batch.provider]} / {model} · {formatRelative(batch.createdAt, now)}
            </span>
          </span>
        </button>
        <Badge tone={PHASE_TONES[phase]} data-testid="batch-phase">
          {phase === 'waiting' && <IconWarn />} {PHASE_LABELS[phase]}
        </Badge>
        <div className="row batch-actions">
          {batch.status === 'active' && (
            <Button
              size="sm"
              variant="ghost"
              icon={<IconPause />}
              busy={busy[`${batch.id}:pause`]}
              onClick={() => void act(batch.id, 'pause')}
              data-testid="batch-pause"
            >
              Pause
            </Button>
          )}
          {batch.status === 'paused' && (
            <Button
              size="sm"
              variant="ghost"
              icon={<IconPlay />}
              busy={busy[`${batch.id}:resume`]}
              onClick={() => void act(batch.id, 'resume')}
              data-testid="batch-resume"
            >
              Resume
            </Button>
          )}
          {p.failed > 0 && (
            <Button
              size="sm"
              variant="ghost"
              icon={<IconRetry />}
              busy={busy[`${batch.id}:retryFailed`]}
              onClick={() => void act(batch.id, 'retryFailed')}
              data-testid="batch-retry"
            >
              Retry {p.failed} failed
            </Button>
          )}
          {open && (
            <Button
              size="sm"
              variant="ghost"
              icon={<IconStop />}
              busy={busy[`${batch.id}:cancel`]}
              onClick={() => setConfirmCancel(true)}
              data-testid="batch-cancel"
            >
              Cancel
            </Button>
          )}
        </div>
      </div>
      <ProgressBar
        total={p.total}
        label={`${title} progress`}
        valueText={progressValueText(p)}
        testId="batch-progress"
        segments={[
          { value: p.succeeded, tone: 'ok', label: 'Succeeded' },
          { value: p.failed, tone: 'danger', label: 'Failed' },
          { value: p.canceled, tone: 'neutral', label: 'Canceled' },
          { value: p.active, tone: 'accent', label: 'In progress', pending: true },
          { value: p.waiting, tone: 'warn', label: 'Needs you', pending: true },
        ]}
      />
      <div className="batch-stats" data-testid="batch-stats">
        <span className="num" data-testid="batch-counts">
          {doneText(p)}
        </span>
        {countChips(p).map((chip) => (
          <span
            key={chip.key}
            className={`num count-${chip.tone}`}
            data-testid={`batch-count-${chip.key}`}
          >
            {chip.text}
          </span>
        ))}
        {p.waiting > 0 && (
          <button
            type="button"
            className="attention"
            data-testid="batch-review-unknown"
            onClick={() => {
              // Load the filtered page first: expand() then finds it and loads nothing else.
              void loadTasks(batch.id, ['unknown']);
              expand(batch.id);
            }}
          >
            <IconWarn /> {p.waiting} {p.waiting === 1 ? 'task needs' : 'tasks need'} your decision ·
            review
          </button>
        )}
        <span className="spacer" />
        {eta && (
          <span className="batch-eta" data-testid="batch-eta" title="Estimated time left">
            {eta}
          </span>
        )}
        <span
          className="num"
          data-testid="batch-spend"
          title="Spent so far / estimated for the batch"
        >
          {formatMoney(batch.actualCost, batch.currency)}
          <span className="subtle"> of ~{formatMoney(batch.estimatedCost, batch.currency)}</span>
          {batch.budget !== null && (
            <span className="subtle"> · cap {formatMoney(batch.budget, batch.currency)}</span>
          )}
        </span>
      </div>
      {expanded && <TaskList batch={batch} />}
      <ConfirmDialog
        open={confirmCancel}
        title={`Cancel “${title}”?`}
        confirmLabel="Cancel batch"
        dismissLabel="Keep running"
        tone="danger"
        testId="cancel-confirm"
        onDismiss={() => setConfirmCancel(false)}
        onConfirm={() => {
          setConfirmCancel(false);
          void act(batch.id, 'cancel');
        }}
      >
        {cancelConsequences(batch).map((line) => (
          <p key={line}>{line}</p>
        ))}
      </ConfirmDialog>
    </article>
  );
}
