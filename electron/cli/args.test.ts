import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import type { FlagSpecs } from './args';

const SPECS: FlagSpecs = {
  provider: { type: 'string', description: 'provider' },
  set: { type: 'string', multiple: true, description: 'a field' },
  json: { type: 'boolean', description: 'json' },
};

describe('parseArgs', () => {
  it('reads string flags in both spellings, repeated flags in order, and booleans', () => {
    const result = parseArgs(
      ['--provider', 'poyo', '--set', 'n=2', '--set=size={"width":1}', '--json'],
      SPECS,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.strings.get('provider')).toBe('poyo');
    expect(result.value.lists.get('set')).toEqual(['n=2', 'size={"width":1}']);
    expect(result.value.booleans.has('json')).toBe(true);
    expect(result.value.help).toBe(false);
  });

  it('takes a value that starts with a single dash', () => {
    const result = parseArgs(['--set', '-1'], SPECS);
    expect(result.ok && result.value.lists.get('set')).toEqual(['-1']);
  });

  it('sees --help anywhere', () => {
    const result = parseArgs(['--provider', 'poyo', '--help'], SPECS);
    expect(result.ok && result.value.help).toBe(true);
  });

  it.each([
    [
      ['--frob'],
      'unknown_flag',
      'unknown flag --frob, this command accepts: --provider, --set, --json, --help',
    ],
    [['-x'], 'unknown_flag', 'unknown flag -x'],
    [['--provider'], 'missing_value', '--provider needs a value'],
    [['--provider', '--json'], 'missing_value', '--provider needs a value'],
    [['--provider', 'a', '--provider', 'b'], 'repeated_flag', '--provider is given more than once'],
    [['--json=yes'], 'unexpected_value', '--json takes no value'],
    [['stray'], 'unexpected_argument', 'unexpected argument "stray"'],
    [['--constructor'], 'unknown_flag', 'unknown flag --constructor'],
  ])('refuses %j with %s', (argv, code, message) => {
    const result = parseArgs(argv, SPECS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(message);
  });

  it('allows positionals when the command takes them', () => {
    const result = parseArgs(['batch.json'], SPECS, { maxPositionals: 1 });
    expect(result.ok && result.value.positionals).toEqual(['batch.json']);
  });
});
