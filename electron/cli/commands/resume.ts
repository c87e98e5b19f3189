// `genloom resume [--db FILE] [--resubmit-unknown] [--json]`: picks up everything a previous
// run left (polling, downloads, PoYo submits retried with their stored Idempotency-Key) and
// waits for it. Unknown submits to providers without idempotency wait for the user: exit 3
// until --resubmit-unknown says to send them again.
import { isDbBusy } from '../../engine/engine';
import type { ResumeReport } from '../../engine/engine';
import { EXIT_INVALID, EXIT_OK, defineCommand } from '../args';
import type { Command, FlagSpecs } from '../args';
import {
  EXIT_WAITING,
  explainWaiting,
  exitCodeFor,
  openEngine,
  runJson,
  watchBatches,
} from './batch-report';

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

export const resumeCommand: Command = defineCommand({
  summary: 'continue unfinished batches after a stop or crash',
  usage: 'genloom resume [--db FILE] [--resubmit-unknown] [--json]',
  flags: FLAGS,
  async run(args, io) {
    const opened = openEngine({ db: args.strings.get('db') });
    if (!opened.ok) {
      io.err(`error: ${opened.message}`);
      return EXIT_INVALID;
    }
    const engine = opened.engine;
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
        return EXIT_INVALID;
      }
      const ids = new Set(report.batches);
      for (const t of engine.store.tasks.listActive()) ids.add(t.batchId);
      if (ids.size === 0) {
        const latest = engine.listBatches({ limit: 1 })[0];
        if (latest === undefined) {
          io.err('nothing to resume: the database holds no batches');
          if (args.booleans.has('json')) {
            io.out(
              JSON.stringify({
                batchId: '',
                tasks: 0,
                succeeded: 0,
                failed: 0,
                canceled: 0,
                estimatedCost: null,
                outputs: [],
              }),
            );
          }
          return EXIT_OK;
        }
        ids.add(latest.batch.id);
      }
      io.err(
        `resuming ${ids.size} batch(es): ${report.resumed} task(s) picked up, ${report.requeued} submit(s) retried, ${report.unknown} waiting for you`,
      );
      // Oldest first, so the newest batch's summary is the last line.
      const order = [...ids].sort(
        (a, b) =>
          (engine.getBatch(a)?.batch.createdAt ?? 0) - (engine.getBatch(b)?.batch.createdAt ?? 0),
      );
      const { summaries, interrupted } = await watchBatches(engine, order, io);
      if (interrupted) return 130;
      const codes: number[] = [];
      for (const s of summaries) {
        explainWaiting(engine, s, io);
        if (args.booleans.has('json')) io.out(JSON.stringify(runJson(engine, s)));
        codes.push(exitCodeFor(s));
      }
      // Waiting for the user outranks a failure: it is the thing to act on.
      if (codes.includes(EXIT_WAITING)) return EXIT_WAITING;
      return Math.max(EXIT_OK, ...codes);
    } finally {
      await engine.close();
    }
  },
});
