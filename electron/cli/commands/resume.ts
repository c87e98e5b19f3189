// `genloom resume [--db FILE] [--resubmit-unknown] [--json]`: picks up everything a previous
// run left (polling, downloads, PoYo submits retried with their stored Idempotency-Key) and
// waits for it. Unknown submits to providers without idempotency wait for the user: exit 3
// until --resubmit-unknown says to send them again.
import { isDbBusy } from '../../engine/engine';
import type { ResumeReport } from '../../engine/engine';
import { EXIT_INVALID, EXIT_OK, defineCommand } from '../args';
import type { Command, FlagSpecs } from '../args';
import type { StateCounts } from '../../engine/store/types';
import { watchStopSignals } from '../stop-signals';
import { nothingSubmittedLines } from '../summary';
import { endBatches } from './batch-end';
import { EMPTY_JSON, openEngine } from './batch-report';

const FLAGS: FlagSpecs = {
  db: {
    type: 'string',
    valueName: 'FILE',
    description: 'task database (default: <home>/genloom.db)',
  },
  'resubmit-unknown': {
    type: 'boolean',
    description: 'submit again tasks whose first submit may or may not have reached the provider',
  },
  json: { type: 'boolean', description: 'print a JSON summary as the last stdout line' },
};

/** What resume picked up, in words: "2 running at the provider, 5 queued, 1 waiting for you". */
export function resumedWords(
  counts: readonly StateCounts[],
  paused: number,
  retried: number,
): string {
  const sum = (pick: (c: StateCounts) => number): number =>
    counts.reduce((total, c) => total + pick(c), 0);
  const remote = sum((c) => c.submitting + c.submitted + c.running);
  const downloading = sum((c) => c.downloading);
  const queued = sum((c) => c.queued) - paused;
  const waiting = sum((c) => c.unknown) + paused;
  const parts: string[] = [];
  if (remote > 0) parts.push(`${remote} running at the provider`);
  if (downloading > 0) parts.push(`${downloading} downloading`);
  if (queued > 0) {
    const note = retried > 0 ? ` (${retried} of them submits retried with their own key)` : '';
    parts.push(`${queued} queued${note}`);
  }
  if (waiting > 0) parts.push(`${waiting} waiting for you`);
  return parts.length > 0 ? parts.join(', ') : 'nothing left to run';
}

export const resumeCommand: Command = defineCommand({
  summary: 'continue unfinished batches after a stop or crash',
  usage: 'genloom resume [--db FILE] [--resubmit-unknown] [--json]',
  flags: FLAGS,
  async run(args, io) {
    const json = args.booleans.has('json');
    const opened = openEngine({ db: args.strings.get('db') });
    if (!opened.ok) {
      io.err(`error: ${opened.message}`);
      return EXIT_INVALID;
    }
    const engine = opened.engine;
    const stop = watchStopSignals(io);
    let ended = false;
    try {
      const open = engine.store.batches.list({ statuses: ['active', 'paused'] });
      opened.noteKeys([...new Set(open.map((b) => b.provider))], io);
      let report: ResumeReport;
      try {
        // Batches paused (by the user or a refused key) continue too: resume means "go on".
        for (const b of engine.store.batches.list({ statuses: ['paused'] })) engine.resume(b.id);
        report = engine.resumeAll({ resubmitUnknown: args.booleans.has('resubmit-unknown') });
      } catch (error) {
        if (!isDbBusy(error)) throw error;
        io.err(`error: ${error.message}`);
        nothingSubmittedLines('the task database is busy').forEach((l) =>
          (json ? io.err : io.out)(l),
        );
        if (json) io.out(JSON.stringify(EMPTY_JSON));
        return EXIT_INVALID;
      }
      const ids = new Set(report.batches);
      for (const t of engine.store.tasks.listActive()) ids.add(t.batchId);
      if (ids.size === 0) {
        const latest = engine.listBatches({ limit: 1 })[0];
        if (latest === undefined) {
          io.err('nothing to resume: the database holds no batches');
          if (json) io.out(JSON.stringify(EMPTY_JSON));
          return EXIT_OK;
        }
        io.err(`nothing to resume; the latest batch ended like this:`);
        ids.add(latest.batch.id);
      } else {
        const batches = [...ids].map((id) => engine.store.batches.get(id));
        const paused = batches.reduce(
          (n, b) =>
            n + (b?.status === 'paused' ? engine.store.tasks.countsByState(b.id).queued : 0),
          0,
        );
        const counts = [...ids].map((id) => engine.store.tasks.countsByState(id));
        io.err(
          `resuming ${ids.size} batch${ids.size === 1 ? '' : 'es'}: ${resumedWords(counts, paused, report.requeued)}`,
        );
      }
      // Oldest first, so the newest batch's summary is the last line.
      const order = [...ids].sort(
        (a, b) =>
          (engine.getBatch(a)?.batch.createdAt ?? 0) - (engine.getBatch(b)?.batch.createdAt ?? 0),
      );
      ended = true;
      return await endBatches(engine, order, io, { json, stop });
    } finally {
      if (!ended) await engine.close();
      stop.dispose();
    }
  },
});
