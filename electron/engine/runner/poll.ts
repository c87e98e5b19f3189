// Polling one remote task and acting on what the provider says: still going (plan the next
// poll), finished (record outputs and cost, release the slot, download at once), failed or
// cancelled (settle the cost). Poll errors never lose the task: it is polled again later.
import { isProviderError } from '../http';
import type { TaskStatus } from '../providers/types';
import { legalSources } from './state-machine';
import type { Flight, Runner } from './runner';

const NOT_FOUND_LIMIT = 3;

function duration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

export async function pollTask(r: Runner, flight: Flight): Promise<void> {
  const task = r.store.tasks.get(flight.taskId);
  if (task === undefined || task.remoteId === null) {
    r.endFlight(flight, false);
    return;
  }
  const client = r.client(task.provider);
  if (client === undefined) {
    // Keep the task; it is polled again once the provider has a key (next start).
    r.endFlight(flight, false);
    r.pauseBatch(task.batchId, r.notConfigured(task.provider));
    r.batches.changed(task.batchId, true, r.notConfigured(task.provider));
    return;
  }
  const sentAt = r.now();
  let status: TaskStatus;
  try {
    status = await client.status(task.model, task.remoteId, r.signal);
  } catch (err) {
    if (r.closed) return;
    flight.errors++;
    const code = isProviderError(err) ? err.code : 'internal_error';
    if (code === 'not_found') flight.notFound++;
    if (flight.notFound >= NOT_FOUND_LIMIT) {
      r.endFlight(flight, true);
      r.finishRemote(flight, task.id, {
        state: 'failed',
        code: 'remote_not_found',
        message: `${task.provider} no longer knows task ${task.remoteId}; it cannot be tracked.`,
      });
      return;
    }
    // Rate limits wait for the shared gate; other errors back off, at most a minute.
    const wait = Math.max(
      r.scheduler.gate(task.provider).blockedFor(),
      Math.min(60_000, 250 * 2 ** flight.errors),
    );
    r.store.tasks.recordPoll(task.id, r.now() + wait);
    r.schedulePoll(flight, r.now() + wait);
    return;
  }
  if (r.closed) return;
  flight.errors = 0;
  flight.notFound = 0;
  flight.offsets.push(sentAt - flight.t0);
  handleStatus(r, flight, status);
}

/** Acts on a status, from a poll or from a submit that answered with the result at once. */
export function handleStatus(r: Runner, flight: Flight, status: TaskStatus, polled = true): void {
  const task = r.store.tasks.get(flight.taskId);
  if (task === undefined) return;
  if (status.state === 'queued' || status.state === 'running') {
    if (status.state === 'running' && task.state === 'submitted') {
      r.move(task.id, legalSources(['submitted'], 'running'), 'running', {
        remoteCreatedAt: status.createdAt ?? undefined,
      });
    }
    if (r.now() > flight.deadline) {
      r.endFlight(flight, false);
      r.finishRemote(
        flight,
        task.id,
        {
          state: 'failed',
          code: 'timeout',
          message: `still ${status.state} after ${duration(r.options.taskTimeoutMs)}; Genloom stopped waiting (the provider may still finish and bill it). Retry failed tasks to check on it again: a retry watches the same remote task, it does not submit a new one`,
        },
        true,
      );
      return;
    }
    const index = flight.offsets.length + 1;
    const prev = flight.offsets[flight.offsets.length - 1] ?? 0;
    const offset = r.scheduler.pollOffset(flight.plan, index, prev);
    const at = Math.max(r.now(), flight.t0 + offset);
    r.store.tasks.recordPoll(task.id, at);
    r.schedulePoll(flight, at);
    return;
  }
  if (polled) r.store.tasks.recordPoll(task.id, null);
  r.endFlight(flight, polled);
  r.finishRemote(flight, task.id, status);
}
