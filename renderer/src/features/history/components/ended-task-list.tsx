import { useEffect, useMemo } from 'react';
import Badge from '../../../components/badge';
import Button from '../../../components/button';
import { modelTitle } from '../../../components/model-names';
import { formatDateTime, formatMoney, plural } from '../../../lib/format';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { STATE_LABELS, explainError, stateTone } from '../../queue/selectors';
import { useQueue } from '../../queue/store';
import { useShell } from '../../shell/store';
import { endedCount, endedStatusOf } from '../ended-task-filters';
import { useEndedTasks } from '../ended-tasks';
import { useHistory } from '../store';

/** Failed or canceled tasks matching History's filters, each with why it ended. */
export default function EndedTaskList() {
  const filters = useHistory((state) => state.filters);
  const batches = useQueue((state) => state.batches);
  const { items, total, loading, error, load } = useEndedTasks();
  const navigate = useShell((state) => state.navigate);
  const status = endedStatusOf(filters);
  const list = useMemo(() => Object.values(batches), [batches]);
  const key = endedCount(list, status);

  useEffect(() => {
    void load(filters);
    // Read again when the filters or the count of such tasks change (key), not on every
    // progress event.
  }, [filters, key, load]);

  if (status === null) return null;
  const word = status === 'failed' ? 'failed task' : 'canceled task';

  return (
    <section
      className="ended-tasks"
      aria-label={`${STATE_LABELS[status]} tasks`}
      data-testid="history-tasks"
    >
      <p className="muted num" data-testid="history-task-count">
        {loading && items.length === 0
          ? 'Looking for tasks…'
          : `${plural(total, word)}${total > items.length ? ` (the newest ${items.length.toLocaleString('en-US')} shown)` : ''}: they made no output, so they are listed here rather than in the gallery.`}
      </p>
      {error && <p className="inline-error">{error}</p>}
      <ul className="ended-task-list">
        {items.map((task) => {
          const why = explainError(task.errorCode, task.errorMessage);
          return (
            <li
              key={task.taskId}
              className="ended-task"
              data-testid="history-task"
              data-state={task.state}
            >
              <Badge tone={stateTone(task.state)}>{STATE_LABELS[task.state]}</Badge>
              <div className="ended-task-main">
                <span className="truncate" title={task.prompt}>
                  {task.prompt || <span className="subtle">(no prompt)</span>}
                </span>
                {why && (
                  <span className="task-error">
                    <strong>{why.title}</strong>
                    {why.detail && <span> · {why.detail}</span>}
                    {why.action && <span className="subtle"> {why.action}</span>}
                  </span>
                )}
                <span className="subtle">
                  {task.batchName} · {PROVIDER_LABELS[task.provider]} /{' '}
                  {modelTitle(task.provider, task.model)} ·{' '}
                  {formatDateTime(task.finishedAt ?? task.updatedAt)}
                  {task.actualCost ? ` · ${formatMoney(task.actualCost, task.currency)} spent` : ''}
                </span>
              </div>
              <Button size="sm" variant="ghost" onClick={() => navigate('queue', task.batchId)}>
                Open batch
              </Button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
