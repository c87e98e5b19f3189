import type { ReactNode } from 'react';
import type { BatchSummary, TaskView } from '../../../../../shared/ipc/views';
import Button from '../../../components/button';
import { IconRetry } from '../../../components/icons';
import { modelTitle } from '../../../components/model-names';
import { formatDateTime, formatDuration, formatMoney, plural } from '../../../lib/format';
import { mediaUrl, thumbUrl } from '../../../lib/media';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { formatParam } from '../../history/selectors';
import { explainError, progressOf } from '../selectors';
import { useQueue } from '../store';
import type { TaskOutput } from '../task-outputs';

const DETAIL_THUMB_PX = 160;

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** Everything recorded about one task: what was sent, what came back, what it cost, when. */
export default function TaskDetails({
  task,
  batch,
  outputs,
}: {
  task: TaskView;
  batch: BatchSummary;
  outputs: readonly TaskOutput[];
}) {
  const act = useQueue((state) => state.act);
  const busy = useQueue((state) => state.busy[`${batch.id}:retryFailed`]);
  const why = explainError(task.errorCode, task.errorMessage);
  const failed = progressOf(batch).failed;
  const params = Object.entries(task.params);
  const took =
    task.submittedAt !== null && task.finishedAt !== null
      ? formatDuration(task.finishedAt - task.submittedAt)
      : null;

  return (
    <div className="task-details" data-testid="task-details">
      {task.state === 'failed' && why && (
        <div className="task-details-error" role="note" data-testid="task-details-error">
          <strong>{why.title}</strong>
          {why.detail && <p>{why.detail}</p>}
          {why.action && <p className="subtle">{why.action}</p>}
        </div>
      )}
      {outputs.length > 0 && (
        <ul className="task-details-outputs">
          {outputs.map((output) => (
            <li key={output.outputId}>
              {output.type === 'video' ? (
                <video src={mediaUrl(output.path)} preload="metadata" muted controls />
              ) : (
                <img
                  src={thumbUrl(output.path, DETAIL_THUMB_PX)}
                  alt={`Output ${output.outputId}`}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <dl className="task-details-grid">
        <Row label="Prompt" testId="task-details-prompt">
          <span className="pre-wrap">{task.prompt || '(no prompt)'}</span>
        </Row>
        <Row label="Model">
          {PROVIDER_LABELS[task.provider]} / {modelTitle(task.provider, task.model)}
        </Row>
        {task.seed !== null && <Row label="Seed">{task.seed}</Row>}
        {params.map(([key, value]) => (
          <Row key={key} label={key}>
            <span className="mono">{formatParam(value)}</span>
          </Row>
        ))}
        <Row label="Cost" testId="task-details-cost">
          {task.actualCost !== null
            ? `${formatMoney(task.actualCost, batch.currency)} charged`
            : `about ${formatMoney(task.estimatedCost, batch.currency)} (estimate)`}
        </Row>
        <Row label="Provider’s task id" testId="task-details-remote">
          {task.remoteId === null ? (
            <span className="subtle">not sent yet</span>
          ) : (
            <span className="mono select-all">{task.remoteId}</span>
          )}
        </Row>
        <Row label="Attempts">{task.attempts}</Row>
        <Row label="Times" testId="task-details-times">
          created {formatDateTime(task.createdAt)}
          {task.submittedAt !== null && ` · sent ${formatDateTime(task.submittedAt)}`}
          {task.finishedAt !== null && ` · ended ${formatDateTime(task.finishedAt)}`}
          {took !== null && ` (${took})`}
        </Row>
      </dl>
      {task.state === 'failed' && batch.status !== 'canceled' && (
        <div className="row">
          <Button
            size="sm"
            icon={<IconRetry />}
            busy={busy}
            title="Genloom retries failed tasks per batch: every failed task of this batch is sent again"
            onClick={() => void act(batch.id, 'retryFailed')}
            data-testid="task-retry"
          >
            Retry {failed > 1 ? `the ${plural(failed, 'failed task')} of this batch` : 'this task'}
          </Button>
        </div>
      )}
      {task.state === 'failed' && batch.status === 'canceled' && (
        <p className="subtle" data-testid="task-retry-off">
          This batch was canceled, so its failed tasks are not sent again here: start a new batch
          (or re-run an output from History) to try again.
        </p>
      )}
    </div>
  );
}
