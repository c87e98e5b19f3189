// The CLI's shared pieces (exit codes, the command shape) and a small strict argument parser: `--flag value`, `--flag=value`, repeated flags, booleans,
// `--help`. Written by hand (not node:util parseArgs) so every error names the flag in words
// and comes back as a value with a code instead of a thrown TypeError.

/** Exit codes: part of the public CLI contract. */
export const EXIT_OK = 0;
/** An unexpected failure inside Genloom. */
export const EXIT_FAILURE = 1;
/** Bad input: unknown command, flag or model, or an invalid request. */
export const EXIT_INVALID = 2;

/** Where a command writes, line by line: the process streams in main.ts, a buffer in tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** One entry of the command table in commands/index.ts. */
export interface Command {
  /** One line for the command list. */
  summary: string;
  /** Resolves to the exit code; bad input is a code, never a throw. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** May be given more than once; the values are collected in order. */
  multiple?: boolean;
  /** Shown in help, e.g. "key=value". */
  valueName?: string;
  description: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ParsedArgs {
  /** Single string flags. */
  strings: ReadonlyMap<string, string>;
  /** Repeated string flags, in order. */
  lists: ReadonlyMap<string, readonly string[]>;
  booleans: ReadonlySet<string>;
  positionals: readonly string[];
  help: boolean;
}

export type ArgErrorCode =
  'unknown_flag' | 'missing_value' | 'repeated_flag' | 'unexpected_value' | 'unexpected_argument';

export interface ArgError {
  code: ArgErrorCode;
  message: string;
}

export type ParseResult = { ok: true; value: ParsedArgs } | { ok: false; error: ArgError };

interface ParseOptions {
  /** How many positional arguments the command takes (default 0). */
  maxPositionals?: number;
}

function fail(code: ArgErrorCode, message: string): ParseResult {
  return { ok: false, error: { code, message } };
}

function knownFlags(specs: FlagSpecs): string {
  const names = Object.keys(specs).map((name) => `--${name}`);
  return [...names, '--help'].join(', ');
}

export function parseArgs(
  argv: readonly string[],
  specs: FlagSpecs,
  { maxPositionals = 0 }: ParseOptions = {},
): ParseResult {
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const booleans = new Set<string>();
  const positionals: string[] = [];
  let help = false;

  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index] ?? '';
    if (token === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (token === '--help' || token === '-h') {
      help = true;
      continue;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    const body = token.startsWith('--') ? token.slice(2) : token.slice(1);
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const spec = Object.hasOwn(specs, name) && token.startsWith('--') ? specs[name] : undefined;
    if (spec === undefined) {
      return fail(
        'unknown_flag',
        `unknown flag ${token.startsWith('--') ? `--${name}` : token}, this command accepts: ${knownFlags(specs)}`,
      );
    }
    if (spec.type === 'boolean') {
      if (eq !== -1) return fail('unexpected_value', `--${name} takes no value`);
      booleans.add(name);
      continue;
    }
    let value: string;
    if (eq !== -1) {
      value = body.slice(eq + 1);
    } else {
      const next = argv[index + 1];
      // A value that looks like a flag is most likely a forgotten value; `--flag=--x` says it.
      if (next === undefined || next.startsWith('--')) {
        return fail(
          'missing_value',
          `--${name} needs a value (${spec.valueName ?? 'text'}); write --${name}=VALUE for a value starting with --`,
        );
      }
      value = next;
      index += 1;
    }
    if (spec.multiple) {
      lists.set(name, [...(lists.get(name) ?? []), value]);
    } else if (strings.has(name)) {
      return fail('repeated_flag', `--${name} is given more than once; give it once`);
    } else {
      strings.set(name, value);
    }
  }

  if (positionals.length > maxPositionals) {
    return fail(
      'unexpected_argument',
      `unexpected argument ${JSON.stringify(positionals[maxPositionals])}; flags start with --`,
    );
  }
  return { ok: true, value: { strings, lists, booleans, positionals, help } };
}

/** Help lines for a command's flags, aligned. */
export function flagHelp(specs: FlagSpecs): string[] {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'TEXT'}` : '';
    const repeat = spec.multiple ? ' (repeatable)' : '';
    return [`--${name}${value}`, `${spec.description}${repeat}`] as const;
  });
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/**
 * A command whose flags are parsed the one way every command does: a bad flag is exit 2 with
 * a message naming it; `--help` prints the usage line and the flags.
 */
export function defineCommand(definition: {
  summary: string;
  usage: string;
  flags: FlagSpecs;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}): Command {
  return {
    summary: definition.summary,
    async run(argv, io) {
      const parsed = parseArgs(argv, definition.flags);
      if (!parsed.ok) {
        io.err(`error: ${parsed.error.message}`);
        return EXIT_INVALID;
      }
      if (parsed.value.help) {
        io.out(`usage: ${definition.usage}`);
        flagHelp(definition.flags).forEach((line) => io.out(line));
        return EXIT_OK;
      }
      return definition.run(parsed.value, io);
    },
  };
}
