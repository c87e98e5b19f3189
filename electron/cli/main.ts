// The Node CLI entry (`npm run -s genloom -- <command>`). Never imports electron.
import { EXIT_FAILURE } from './args';
import type { CliIo } from './args';
import { runCli } from './commands/index';

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

// `genloom models | head` closes the pipe early; that is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

function reportUnexpected(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`genloom: unexpected error: ${message.split('\n')[0] ?? ''}\n`);
  if (process.env['GENLOOM_DEBUG'] === '1' && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
}

// exitCode instead of process.exit(): piped stdout is flushed before Node leaves.
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    reportUnexpected(error);
    process.exitCode = EXIT_FAILURE;
  },
);
