import { useEffect, useMemo, useState } from 'react';
import Button from '../../../components/button';
import EmptyState from '../../../components/empty-state';
import { IconQueue } from '../../../components/icons';
import { useShell } from '../../shell/store';
import { plural } from '../../../lib/format';
import { isFinished, isShown } from '../cleared';
import { orderBatches } from '../selectors';
import { useQueue } from '../store';
import BatchCard from './batch-card';

/** ETAs and "5 min ago" move on their own; the clock ticks this often. */
const CLOCK_MS = 5000;

export default function QueuePage() {
  const batches = useQueue((state) => state.batches);
  const loaded = useQueue((state) => state.loaded);
  const error = useQueue((state) => state.error);
  const load = useQueue((state) => state.load);
  const expand = useQueue((state) => state.expand);
  const focus = useShell((state) => state.focusBatchId);
  const navigate = useShell((state) => state.navigate);
  const [now, setNow] = useState(() => Date.now());
  const clearedAt = useQueue((state) => state.clearedAt);
  const { clearFinished, showCleared } = useQueue.getState();
  const all = useMemo(() => orderBatches(Object.values(batches)), [batches]);
  const ordered = useMemo(() => all.filter((b) => isShown(b, clearedAt)), [all, clearedAt]);
  const hidden = all.length - ordered.length;
  const finished = ordered.filter(isFinished).length;

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => setNow(Date.now()), CLOCK_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  useEffect(() => {
    if (focus !== null) expand(focus);
  }, [focus, expand]);

  return (
    <div className="page" data-testid="page-queue">
      <header className="page-header">
        <div>
          <h1>Queue</h1>
          <p className="muted">
            Every batch with its progress and spend. Work continues when this window closes.
          </p>
        </div>
        <div className="row queue-tools">
          {hidden > 0 && (
            <Button
              size="sm"
              variant="ghost"
              onClick={showCleared}
              data-testid="queue-show-cleared"
            >
              Show {plural(hidden, 'finished batch', 'finished batches')}
            </Button>
          )}
          {finished > 0 && (
            <Button
              size="sm"
              title="Hide finished batches here; History keeps every output"
              onClick={clearFinished}
              data-testid="queue-clear-finished"
            >
              Clear {plural(finished, 'finished batch', 'finished batches')}
            </Button>
          )}
        </div>
      </header>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {loaded && ordered.length === 0 && hidden > 0 && (
        <p className="muted" data-testid="queue-all-cleared">
          Nothing is running. Finished batches are in History, with every output.
        </p>
      )}
      {loaded && all.length === 0 && (
        <EmptyState
          title="No batches yet"
          icon={<IconQueue />}
          testId="queue-empty"
          action={
            <Button variant="primary" onClick={() => navigate('create')}>
              New batch
            </Button>
          }
        >
          Batches you start appear here with their progress, spend and any tasks that need you.
        </EmptyState>
      )}
      <div className="batch-list" data-testid="batch-list">
        {ordered.map((batch) => (
          <BatchCard key={batch.id} batch={batch} now={now} />
        ))}
      </div>
    </div>
  );
}
