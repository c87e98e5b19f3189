// How `run` and `resume` end, on every path: the batches settle, or Ctrl+C / SIGTERM stops
// them, or the database fails under the engine. The engine is closed first (submits in flight
// record their remote ids), then the summary is read from the database and printed, always.
import type { Engine } from '../../engine/engine';
import { openStore } from '../../engine/store/index';
import type { Store } from '../../engine/store/index';
import { EXIT_FAILURE, EXIT_OK } from '../args';
import type { CliIo } from '../args';
import type { StopSignals } from '../stop-signals';
import { readSummary, summaryLines } from '../summary';
import type { EndSummary } from '../summary';
import { EXIT_WAITING, explainWaiting, exitCodeFor, runJson, watchBatches } from './batch-report';

export interface EndOptions {
  json: boolean;
  stop: StopSignals;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Prints each batch's summary (stdout, or stderr when stdout carries JSON) and its JSON. */
function report(
  store: Store,
  ids: readonly string[],
  io: CliIo,
  opts: { json: boolean },
): EndSummary[] {
  const say = opts.json ? io.err : io.out;
  const summaries: EndSummary[] = [];
  for (const id of ids) {
    const s = readSummary(store, id);
    if (s === undefined) continue;
    summaries.push(s);
    explainWaiting(store, s, io);
    summaryLines(s).forEach((line) => say(line));
    if (opts.json) io.out(JSON.stringify(runJson(store, s)));
  }
  return summaries;
}

/** The summary from a store of its own: the engine's is closed, or is what failed. */
function reportFromFile(file: string, ids: readonly string[], io: CliIo, json: boolean): number {
  let store: Store | undefined;
  try {
    store = openStore(file);
    return combine(report(store, ids, io, { json }).map(exitCodeFor));
  } catch (error) {
    io.err(
      `summary: the database could not be read (${message(error)}); \`genloom resume\` reads it again.`,
    );
    return EXIT_FAILURE;
  } finally {
    store?.close();
  }
}

/** Waiting for the user outranks a failure: it is the thing to act on. */
function combine(codes: readonly number[]): number {
  if (codes.includes(EXIT_WAITING)) return EXIT_WAITING;
  return Math.max(EXIT_OK, ...codes);
}

/** Waits for `ids`, closes the engine and prints the summary; resolves to the exit code. */
export async function endBatches(
  engine: Engine,
  ids: readonly string[],
  io: CliIo,
  opts: EndOptions,
): Promise<number> {
  const file = engine.store.file;
  let failed: unknown = null;
  let stopped = false;
  try {
    stopped = (await watchBatches(engine, ids, io, opts.stop)).stopped;
  } catch (error) {
    failed = error;
  }
  if (!stopped && failed === null) {
    try {
      const code = combine(report(engine.store, ids, io, opts).map(exitCodeFor));
      await engine.close();
      return code;
    } catch (error) {
      failed = error;
    }
  }
  if (failed !== null) io.err(`error: the task database failed: ${message(failed)}`);
  // Submits in flight get their grace inside close(); only then is the state final.
  await engine.close().catch((error: unknown) => io.err(`error: closing: ${message(error)}`));
  const code = file === ':memory:' ? EXIT_FAILURE : reportFromFile(file, ids, io, opts.json);
  const signalCode = opts.stop.code();
  if (signalCode !== null) return signalCode;
  return failed !== null ? Math.max(code, EXIT_FAILURE) : code;
}
