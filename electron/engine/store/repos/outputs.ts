import type BetterSqlite3 from 'better-sqlite3';
import type { OutputsRepo } from '../store-api';
import { StoreError } from '../types';
import type { NewOutput, Output, OutputDone } from '../types';
import { FENCE_NAMED, fencingOf, LeaseLostError } from './lease';
import { toOutput } from './rows';
import type { OutputRow } from './rows';

const OUTPUT_TYPES = ['image', 'video', 'unknown'];

export function createOutputsRepo(db: BetterSqlite3.Database, now: () => number): OutputsRepo {
  // The driving process's lease fences every write here (FENCE_NAMED): a holder taken over
  // while it stalled can neither record, place nor finish an output the new holder owns.
  const fencing = fencingOf(db);
  // A repeat (a poll seen twice, a resume) refreshes the URL and re-arms a failed output,
  // but never touches one already downloaded.
  const upsert = db.prepare(`INSERT INTO outputs (task_id, idx, url, type, state, created_at)
    SELECT @taskId, @idx, @url, @type, 'pending', @createdAt WHERE ${FENCE_NAMED}
    ON CONFLICT (task_id, idx) DO UPDATE SET url = excluded.url, type = excluded.type,
      state = 'pending', error = NULL
    WHERE outputs.state IN ('pending', 'failed')`);
  const byKey = db.prepare('SELECT * FROM outputs WHERE task_id = ? AND idx = ?');
  const byId = db.prepare('SELECT * FROM outputs WHERE id = ?');
  const setPath = db.prepare(
    `UPDATE outputs SET path = ? WHERE id = ? AND state != 'done' AND ${FENCE_NAMED}`,
  );
  // An inline output (a data: URL, megabytes of base64) is kept only until its file is saved;
  // then the row, the history and the events carry a note of it, not the bytes again.
  const done = db.prepare(`UPDATE outputs SET path = @path, bytes = @bytes, sha256 = @sha256,
    sidecar_path = @sidecarPath, state = 'done', error = NULL,
    url = CASE WHEN url LIKE 'data:%' THEN substr(url, 1, instr(url, ',')) || '(' ||
      (length(url) - instr(url, ',')) || ' characters inline, saved to the file)' ELSE url END
    WHERE id = @id AND ${FENCE_NAMED}`);
  const failed = db.prepare(
    `UPDATE outputs SET state = 'failed', error = ? WHERE id = ? AND ${FENCE_NAMED}`,
  );
  const ofTask = db.prepare('SELECT * FROM outputs WHERE task_id = ? ORDER BY idx');
  const rearm = db.prepare(`UPDATE outputs SET state = 'pending', error = NULL
    WHERE id = @id AND state = 'failed' AND ${FENCE_NAMED}`);
  const ended = db.prepare(
    `UPDATE outputs SET state = @state, error = @note WHERE id = @id AND state != 'done'
      AND ${FENCE_NAMED}`,
  );

  function mustChange(changes: number, id: number, write: string): void {
    if (fencing.refused(changes)) throw new LeaseLostError(`outputs.${write}`);
    if (changes === 0) throw new StoreError('not_found', `output id ${id} does not exist.`);
  }

  return {
    insert(o: NewOutput): Output {
      if (!Number.isInteger(o.idx) || o.idx < 0) {
        throw new StoreError('invalid_input', `output.idx must be an integer >= 0; got ${o.idx}.`);
      }
      if (!OUTPUT_TYPES.includes(o.type)) {
        throw new StoreError(
          'invalid_input',
          `output.type must be one of ${OUTPUT_TYPES.join(', ')}; got "${String(o.type)}".`,
        );
      }
      const changes = upsert.run({
        ...o,
        createdAt: o.createdAt ?? now(),
        ...fencing.named(),
      }).changes;
      if (fencing.refused(changes)) throw new LeaseLostError('outputs.insert');
      return toOutput(byKey.get(o.taskId, o.idx) as OutputRow);
    },

    get(id) {
      const row = byId.get(Number(id)) as OutputRow | undefined;
      return row && toOutput(row);
    },

    setPath(id: number, path: string): void {
      if (fencing.refused(setPath.run(path, id, fencing.named()).changes)) {
        throw new LeaseLostError('outputs.setPath');
      }
    },

    markDone(id: number, d: OutputDone): void {
      mustChange(
        done.run({
          id,
          path: d.path,
          bytes: d.bytes,
          sha256: d.sha256,
          sidecarPath: d.sidecarPath ?? null,
          ...fencing.named(),
        }).changes,
        id,
        'markDone',
      );
    },

    markFailed(id: number, error: string): void {
      mustChange(failed.run(error, id, fencing.named()).changes, id, 'markFailed');
    },

    markEnded(id, state, note) {
      mustChange(ended.run({ id, state, note, ...fencing.named() }).changes, id, 'markEnded');
    },

    rearm(id: number): boolean {
      const changes = rearm.run({ id, ...fencing.named() }).changes;
      if (fencing.refused(changes)) throw new LeaseLostError('outputs.rearm');
      return changes === 1;
    },

    listByTask(taskId: string): Output[] {
      return (ofTask.all(taskId) as OutputRow[]).map(toOutput);
    },
  };
}
