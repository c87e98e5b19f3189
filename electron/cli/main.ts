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

// exitCode instead of process.exit(): piped stdout is flushed before Node leaves. Should a
// handle outlive the command (a socket a provider never answers), the process leaves anyway
// shortly after: the command's work is done and its state is in the database.
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    reportUnexpected(error);
    process.exitCode = EXIT_FAILURE;
  },
);
