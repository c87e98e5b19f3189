import { useEffect, useState } from 'react';
import type { BatchSummary, TaskView } from '../../../../../shared/ipc/views';
import Badge from '../../../components/badge';
import Button from '../../../components/button';
import Segmented from '../../../components/segmented';
import { IconVideo, IconWarn } from '../../../components/icons';
import { formatMoney } from '../../../lib/format';
import { thumbUrl } from '../../../lib/media';
import { STATE_LABELS, explainError, progressOf, stateTone } from '../selectors';
import type { TaskStateName } from '../selectors';
import { TASK_PAGE, useQueue } from '../store';
import { useTaskOutputs } from '../task-outputs';
import type { TaskOutput } from '../task-outputs';
import TaskDetails from './task-details';

const ROW_THUMB_PX = 32;

type Filter = 'all' | 'failed' | 'canceled' | 'unknown' | 'active';

const FILTERS: Record<Filter, TaskStateName[] | null> = {
  all: null,
  failed: ['failed'],
  canceled: ['canceled'],
  unknown: ['unknown'],
  active: ['submitting', 'submitted', 'running', 'downloading'],
};

function filterOf(states: TaskStateName[] | null): Filter {
  const found = (Object.keys(FILTERS) as Filter[]).find(
    (key) => JSON.stringify(FILTERS[key]) === JSON.stringify(states),
  );
  return found ?? 'all';
}

function UnknownChoice({ task }: { task: TaskView }) {
  const resolve = useQueue((state) => state.resolveUnknown);
  const busy = useQueue((state) => state.busy);
  return (
    <div className="unknown-choice" data-testid="task-unknown">
      <p>
        <IconWarn /> The connection broke while this task was being sent, and this provider offers
        no way to ask whether it arrived. Check the provider’s dashboard first: if the task is
        there, drop it here; if not, resubmit. Resubmitting a task that did arrive is charged twice.
      </p>
      <div className="row">
        <Button
          size="sm"
          title="Send the task again (charged again if the first one arrived)"
          busy={busy[`${task.id}:resubmit`]}
          onClick={() => void resolve(task.id, task.batchId, 'resubmit')}
          data-testid="task-resubmit"
        >
          Resubmit
        </Button>
        <Button
          size="sm"
          title="Stop waiting for this task; nothing more is sent or charged"
          busy={busy[`${task.id}:drop`]}
          onClick={() => void resolve(task.id, task.batchId, 'drop')}
          data-testid="task-drop"
        >
          Drop it
        </Button>
      </div>
    </div>
  );
}

const NO_OUTPUTS: readonly TaskOutput[] = [];

function TaskRow({
  task,
  batch,
  outputs,
  open,
  onToggle,
}: {
  task: TaskView;
  batch: BatchSummary;
  outputs: readonly TaskOutput[];
  open: boolean;
  onToggle: () => void;
}) {
  const explained = explainError(task.errorCode, task.errorMessage);
  const first = outputs[0];
  return (
    <li
      className={open ? 'task-row task-row-open' : 'task-row'}
      data-testid="task-row"
      data-state={task.state}
    >
      <button
        type="button"
        className="task-row-head"
        aria-expanded={open}
        title="Show what was sent, what came back, cost and times"
        onClick={onToggle}
        data-testid="task-row-toggle"
      >
        <span className="task-seq num subtle">#{task.seq}</span>
        <span className="task-thumb" aria-hidden="true">
          {first && first.type !== 'video' ? (
            <img src={thumbUrl(first.path, ROW_THUMB_PX)} alt="" data-testid="task-thumb" />
          ) : first ? (
            <IconVideo />
          ) : null}
        </span>
        <Badge tone={stateTone(task.state)}>{STATE_LABELS[task.state]}</Badge>
        <span className="task-main">
          <span className="truncate" title={task.prompt}>
            {task.prompt || <span className="subtle">(no prompt)</span>}
          </span>
          {task.state === 'failed' && explained && (
            <span className="task-error" data-testid="task-error">
              <strong>{explained.title}</strong>
              {explained.detail && <span> · {explained.detail}</span>}
              {explained.action && <span className="subtle"> {explained.action}</span>}
            </span>
          )}
        </span>
        <span className="num subtle task-cost">
          {formatMoney(task.actualCost ?? task.estimatedCost, batch.currency)}
        </span>
      </button>
      {task.state === 'unknown' && <UnknownChoice task={task} />}
      {open && <TaskDetails task={task} batch={batch} outputs={outputs} />}
    </li>
  );
}

export default function TaskList({ batch }: { batch: BatchSummary }) {
  const page = useQueue((state) => state.tasks[batch.id]);
  const outputs = useTaskOutputs((state) => state.byBatch[batch.id]);
  const loadOutputs = useTaskOutputs((state) => state.load);
  const [openTask, setOpenTask] = useState<string | null>(null);
  useEffect(() => {
    void loadOutputs(batch.id);
  }, [batch.id, loadOutputs]);
  const loadTasks = useQueue((state) => state.loadTasks);
  const p = progressOf(batch);
  const filter = filterOf(page?.filter ?? null);

  return (
    <div className="task-list" data-testid="task-list">
      <div className="row task-list-head">
        <Segmented
          value={filter}
          label="Show tasks"
          testId="task-filter"
          options={[
            { value: 'all', label: `All ${p.total}` },
            { value: 'active', label: `In progress ${p.active}` },
            { value: 'failed', label: `Failed ${p.failed}` },
            ...(p.canceled > 0
              ? [{ value: 'canceled' as const, label: `Canceled ${p.canceled}` }]
              : []),
            { value: 'unknown', label: `Needs you ${p.waiting}` },
          ]}
          onChange={(next) => void loadTasks(batch.id, FILTERS[next])}
        />
      </div>
      {page?.error && <p className="inline-error">{page.error}</p>}
      <ul className="tasks">
        {page?.items.map((task) => (
          <TaskRow
            key={task.id}
            task={task}
            batch={batch}
            outputs={outputs?.[task.id] ?? NO_OUTPUTS}
            open={openTask === task.id}
            onToggle={() => {
              const opening = openTask !== task.id;
              setOpenTask(opening ? task.id : null);
              // Events carry states, not remote ids or send times: read the rows again.
              if (opening) void loadTasks(batch.id);
            }}
          />
        ))}
      </ul>
      {page?.loading && <p className="subtle">Loading tasks…</p>}
      {page && !page.loading && page.items.length === 0 && <p className="subtle">No tasks here.</p>}
      {page && page.items.length < page.total && !page.loading && (
        <Button size="sm" variant="ghost" onClick={() => void loadTasks(batch.id, undefined, true)}>
          Show {Math.min(TASK_PAGE, page.total - page.items.length)} more of{' '}
          {page.total - page.items.length}
        </Button>
      )}
    </div>
  );
}
