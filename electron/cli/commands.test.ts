// The commands run in-process with a captured io; cli.test.ts covers the real process.
import { describe, expect, it } from 'vitest';
import type { CliIo } from './args';
import { runCli } from './commands/index';
import { parseSetValue } from './set-values';

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await runCli(argv, io);
  return { code, out, err };
}

const POYO = ['validate', '--provider', 'poyo', '--model', 'wan-2.7-image'];

describe('genloom dispatcher', () => {
  it('prints usage and exits 2 without a command', async () => {
    const result = await run();
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toContain('usage: genloom <command>');
  });

  it('names an unknown command', async () => {
    const result = await run('constructor');
    expect(result.code).toBe(2);
    expect(result.err[0]).toBe('error: unknown command "constructor"');
  });

  it('lists the commands on --help', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.out.join('\n')).toMatch(/models .*\n.*validate /);
  });
});

describe('genloom validate', () => {
  it('estimates the cost of a valid request', async () => {
    const result = await run(...POYO, '--prompt', 'a cat', '--set', 'n=2');
    expect(result).toEqual({
      code: 0,
      out: ['valid: poyo/wan-2.7-image, estimated cost 8.4 credits (4.2 credits x 2 images)'],
      err: [],
    });
  });

  it('reads a JSON object from --set', async () => {
    const result = await run(...POYO, '--prompt', 'p', '--set', 'size={"width":1280,"height":720}');
    expect(result.code).toBe(0);
  });

  it('prices APIXO in dollars and Modelverse as unknown', async () => {
    const apixo = await run(
      'validate',
      '--provider',
      'apixo',
      '--model',
      'wan-2-7-image',
      '--prompt',
      'p',
      '--set',
      'mode=omni-image-pro',
      '--set',
      'num_images=2',
    );
    expect(apixo.out).toEqual([
      'valid: apixo/wan-2-7-image, estimated cost $0.15 ($0.075 x 2 images, omni-image-pro)',
    ]);
    const modelverse = await run(
      'validate',
      '--provider',
      'modelverse',
      '--model',
      'wan2.7-image-pro',
      '--set',
      'images=["https://example.com/a.png"]',
    );
    expect(modelverse.code).toBe(0);
    expect(modelverse.out[0]).toContain('estimated cost unknown');
  });

  it('prints each problem as field and rule, and exits 2', async () => {
    const result = await run(...POYO, '--set', 'n=7', '--set', 'steps=3');
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual([
      'error: prompt: is required',
      'error: n: must be a whole number from 1 to 4 (got 7)',
      'error: steps: unknown field, this model accepts: prompt, size, n, seed, image_urls',
    ]);
  });

  it.each([
    [['--model', 'wan-2.7-image'], 'error: --provider: is required'],
    [['--provider', 'poyo'], 'error: --model: is required'],
    [['--provider', 'poyo', '--model', 'x', '--set', 'n'], 'error: --set: expected key=value'],
    [
      ['--provider', 'poyo', '--model', 'x', '--set', 'n=1', '--set', 'n=2'],
      'error: n: is set more than once',
    ],
    [
      ['--provider', 'poyo', '--model', 'wan-2.7-image', '--prompt', 'a', '--set', 'prompt=b'],
      'error: prompt: is given by both --prompt and --set',
    ],
    [
      [
        '--provider',
        'poyo',
        '--model',
        'wan-2.7-image',
        '--prompt',
        'p',
        '--set',
        '__proto__={"n":1}',
      ],
      'error: __proto__: unknown field',
    ],
  ])('refuses %j', async (argv, line) => {
    const result = await run('validate', ...argv);
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain(line);
  });
});

describe('--set values', () => {
  it.each([
    ['2', 2],
    ['true', true],
    ['omni-image', 'omni-image'],
    ['{"width":1280,"height":720}', { width: 1280, height: 720 }],
    ['{"width":1280', '{"width":1280'],
    ['"2"', '2'],
    ['', ''],
  ])('parses %j as JSON when it parses, else as text', (text, value) => {
    expect(parseSetValue(text)).toEqual(value);
  });
});

describe('genloom models', () => {
  it('groups models by provider with price and parameters', async () => {
    const result = await run('models');
    const text = result.out.join('\n');
    expect(result.code).toBe(0);
    expect(text.indexOf('poyo:')).toBeLessThan(text.indexOf('apixo:'));
    expect(text.indexOf('apixo:')).toBeLessThan(text.indexOf('modelverse:'));
    expect(text).toContain('price: 4.2 credits per image, x n');
    expect(text).toMatch(/ n +whole number 1-4; default 1/);
    expect(text).toMatch(/ duration +5 \| 10; default 5/);
  });

  it('refuses a stray argument', async () => {
    const result = await run('models', 'poyo');
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain('unexpected argument "poyo"');
  });
});
