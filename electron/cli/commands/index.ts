// The command table. Adding a command is one import and one line in COMMANDS.
import { historyCommand } from './history';
import { modelsCommand } from './models';
import { resumeCommand } from './resume';
import { runCommand } from './run';
import { validateCommand } from './validate';
import { simulatorCommand } from './simulator';

import { EXIT_INVALID, EXIT_OK } from '../args';
import type { CliIo, Command } from '../args';

export const COMMANDS: Readonly<Record<string, Command>> = {
  models: modelsCommand,
  validate: validateCommand,
  run: runCommand,
  resume: resumeCommand,
  history: historyCommand,
  simulator: simulatorCommand,
};

export function usage(): string[] {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((name) => name.length));
  return [
    'usage: genloom <command> [flags]',
    '',
    'commands:',
    ...names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]?.summary ?? ''}`),
    '',
    'Run `genloom <command> --help` for the flags of a command.',
  ];
}

/** Dispatches argv (without node and script) to a command and resolves to its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    usage().forEach((line) => io.err(line));
    return EXIT_INVALID;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    usage().forEach((line) => io.out(line));
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`error: unknown command ${JSON.stringify(name)}`);
    usage().forEach((line) => io.err(line));
    return EXIT_INVALID;
  }
  return command.run(rest, io);
}
