import { useEffect, useMemo } from 'react';
import Badge from '../../../components/badge';
import Button from '../../../components/button';
import { formatDateTime, formatMoney, plural } from '../../../lib/format';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { STATE_LABELS, explainError, stateTone } from '../../queue/selectors';
import { useQueue } from '../../queue/store';
import { useShell } from '../../shell/store';
import { MAX_ENDED, endedStatusOf, scanKey } from '../ended-task-filters';
import { useEndedTasks } from '../ended-tasks';
import { useHistory } from '../store';

/** Failed or canceled tasks matching History's filters, each with why it ended. */
export default function EndedTaskList() {
  const filters = useHistory((state) => state.filters);
  const batches = useQueue((state) => state.batches);
  const { items, truncated, loading, error, load } = useEndedTasks();
  const navigate = useShell((state) => state.navigate);
  const status = endedStatusOf(filters);
  const list = useMemo(() => Object.values(batches), [batches]);
  const key = scanKey(list, status);

  useEffect(() => {
    void load(filters, list);
    // Read again when the filters or the relevant counts change, not on every progress event.
    // eslint-disable-next-line react-hooks/exhaustive-deps
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
          : `${plural(items.length, word)}${truncated ? ` (the newest ${MAX_ENDED})` : ''}: they made no output, so they are listed here rather than in the gallery.`}
      </p>
      {error && <p className="inline-error">{error}</p>}
      <ul className="ended-task-list">
        {items.map((task) => {
          const why = explainError(task.errorCode, task.errorMessage);
          return (
            <li
              key={task.id}
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
                  {task.batchName} · {PROVIDER_LABELS[task.provider]} / {task.model} ·{' '}
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
