// Holds the database's write lock (BEGIN IMMEDIATE) for a while, as another process would:
// prints "locked" once it has it, then "released" and exits. The engine's own busy_timeout is
// 5 s, so a hold past that makes its writes fail with SQLITE_BUSY.
// usage: tsx test/faults/lock-child.ts <db file> <hold ms>
import Database from 'better-sqlite3';

const [file, holdText] = process.argv.slice(2);
const holdMs = Number(holdText);
if (!file || !Number.isInteger(holdMs) || holdMs < 0) {
  process.stderr.write('usage: lock-child.ts <db file> <hold ms>\n');
  process.exit(2);
}
const db = new Database(file, { fileMustExist: true });
// Wait for the engine's own short transactions to end: the point is to hold, not to fail.
db.pragma('busy_timeout = 30000');
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
setTimeout(() => {
  db.exec('ROLLBACK');
  db.close();
  process.stdout.write('released\n');
}, holdMs);
