// What another Genloom process (the desktop app, the bridge) does to a running batch: pause,
// cancel or retry its failed tasks through the engine API, then close. Prints one JSON line.
// usage: tsx test/faults/control-child.ts <pause|cancel|retry> <batch id>
// Keys, base URLs and GENLOOM_HOME come from the environment, as for the CLI.
import { openEngine } from '../../electron/cli/commands/batch-report';

const [action, batchId] = process.argv.slice(2);
const ACTIONS = ['pause', 'cancel', 'retry'];
if (!action || !ACTIONS.includes(action) || !batchId) {
  process.stderr.write(`usage: control-child.ts <${ACTIONS.join('|')}> <batch id> [--db FILE]\n`);
  process.exit(2);
}
const db = process.argv[process.argv.indexOf('--db') + 1];
const opened = openEngine({ db: process.argv.includes('--db') ? db : undefined });
if (!opened.ok) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: opened.message })}\n`);
  process.exit(1);
}
const engine = opened.engine;

async function act(): Promise<Record<string, unknown>> {
  try {
    const n =
      action === 'pause'
        ? (engine.pause(batchId ?? ''), 1)
        : action === 'cancel'
          ? engine.cancel(batchId ?? '')
          : engine.retryFailed(batchId ?? '');
    return { ok: true, action, n };
  } catch (error) {
    return { ok: false, action, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await engine.close();
  }
}

void act().then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
