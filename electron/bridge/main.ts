// `npm run web [-- --port N] [--demo] [--home DIR] [--build]`: the browser bridge. Builds the
// renderer first when out/renderer is missing (or with --build), so a fresh checkout on a
// headless box needs one command; then prints the URL to open, token included.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { genloomHome } from '../engine/paths';
import { startBridgeApp } from './app';
import type { BridgeApp } from './app';

const root = path.resolve(__dirname, '..', '..');
const rendererDir = path.join(root, 'out', 'renderer');

interface Args {
  port: number;
  demo: boolean;
  home: string;
  build: boolean;
}

function usage(message: string): never {
  console.error(`${message}\nusage: npm run web -- [--port N] [--demo] [--home DIR] [--build]`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { port: 0, demo: false, home: genloomHome(), build: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--demo') args.demo = true;
    else if (flag === '--build') args.build = true;
    else if (flag === '--port') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 65535) {
        usage('--port must be a whole number from 0 to 65535 (0 picks a free port)');
      }
      args.port = value;
    } else if (flag === '--home') {
      const value = argv[++i];
      if (!value) usage('--home must be followed by a folder');
      args.home = path.resolve(value);
    } else {
      usage(`unknown option ${flag ?? ''}`);
    }
  }
  return args;
}

function buildRenderer(): void {
  console.error('Building the renderer (electron-vite build)...');
  const bin = path.join(root, 'node_modules', '.bin', 'electron-vite');
  const result = spawnSync(bin, ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed; fix it and run npm run web again.');
    process.exit(1);
  }
}

/** Which history is open, and what the other one holds: demo batches never vanish unsaid. */
function sayWhichHistory(app: BridgeApp): void {
  if (app.host.demo) {
    console.log('Demo mode: providers point at the built-in simulator; nothing is billed.');
  }
  const mode = app.host.demo ? 'demo' : 'live';
  console.log(`Opened the ${mode} history in ${app.host.engineHome}`);
  const other = app.host.otherHistory;
  if (other) {
    const otherMode = other.demo ? 'demo' : 'live';
    const unfinished = other.unfinished > 0 ? `, ${other.unfinished} not finished` : '';
    console.log(
      `The ${otherMode} history in ${other.dir} holds ${other.batches} batch(es)${unfinished}:`,
    );
    console.log(
      `open it from Settings > History in the app${other.demo ? ', or start with --demo' : ''}.`,
    );
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.build || !existsSync(path.join(rendererDir, 'index.html'))) buildRenderer();
  const version = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const app = await startBridgeApp({
    home: args.home,
    rendererDir,
    port: args.port,
    demo: args.demo ? 'on' : 'auto',
    version,
    onRestarted: (restarted) => {
      console.log('');
      sayWhichHistory(restarted);
      console.log(`Genloom is running at ${restarted.bridge.url}`);
    },
  });
  sayWhichHistory(app);
  console.log(`Genloom is running at ${app.bridge.url}`);
  console.log('Open that URL in a browser on this machine (a restart keeps it while the port is');
  console.log('free). Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `Genloom could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
