// End to end: the real CLI as a child process, as a user or script runs it. Few cases, since
// each spawn costs about half a second; the detailed cases run in-process in commands.test.ts.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function genloom(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      ['electron/cli/main.ts', ...args],
      { cwd: ROOT, timeout: 30000, env: { ...process.env, GENLOOM_DEBUG: '' } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('genloom CLI (child process)', { timeout: 20000 }, () => {
  it('models lists every provider and model', async () => {
    const run = await genloom('models');
    expect(run.code).toBe(0);
    for (const id of [
      'poyo/wan2.5-image-to-video',
      'apixo/wan-2-7-image',
      'modelverse/wan2.7-image-pro',
    ]) {
      expect(run.stdout).toContain(id);
    }
  });

  it('models --json prints one parseable array of plain entries', async () => {
    const run = await genloom('models', '--json');
    expect(run.code).toBe(0);
    const models = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(models).toHaveLength(8);
    const wan = models.find((model) => model['id'] === 'poyo/wan-2.7-image');
    expect(wan).toMatchObject({
      provider: 'poyo',
      model: 'wan-2.7-image',
      kind: 'image',
      images: { field: 'image_urls', min: 1, max: 4, required: false },
      polling: { firstPollMs: 5000, intervalMs: 5000 },
    });
    expect(wan?.['fields']).toContainEqual(
      expect.objectContaining({ key: 'n', min: 1, max: 4, default: 1 }),
    );
    expect(wan).not.toHaveProperty('schema');
  });

  it('validate exits 0 and prints the estimate for a valid request', async () => {
    const run = await genloom(
      'validate',
      '--provider',
      'poyo',
      '--model',
      'wan-2.7-image',
      '--prompt',
      'a cat',
      '--set',
      'size={"width":1280,"height":720}',
      '--set',
      'n=2',
    );
    expect(run).toEqual({
      code: 0,
      stdout: 'valid: poyo/wan-2.7-image, estimated cost 8.4 credits (4.2 credits x 2 images)\n',
      stderr: '',
    });
  });

  it('validate exits 2 on a forbidden combination and a wrong type, naming each field', async () => {
    const run = await genloom(
      'validate',
      '--provider',
      'apixo',
      '--model',
      'wan-2-7-image',
      '--prompt',
      'a panda',
      '--set',
      'mode=omni-image',
      '--set',
      'resolution=4k',
      '--set',
      'watermark=maybe',
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: watermark: must be true or false (got the text "maybe")');
    // Cross-field rules run once every field has the right type.
    const fixed = await genloom(
      'validate',
      '--provider',
      'apixo',
      '--model',
      'wan-2-7-image',
      '--prompt',
      'a panda',
      '--set',
      'mode=omni-image',
      '--set',
      'resolution=4k',
    );
    expect(fixed.code).toBe(2);
    expect(fixed.stderr).toContain(
      'error: resolution: 4k needs mode omni-image-pro, no image_urls and enable_sequential off',
    );
  });

  it('validate exits 2 on bad JSON in --set, naming the field', async () => {
    const run = await genloom(
      'validate',
      '--provider',
      'poyo',
      '--model',
      'wan-2.7-image',
      '--prompt',
      'p',
      '--set',
      'size={"width":1280',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: size: must be one of 512x512/m);
  });

  it('validate exits 2 on an unknown model and lists the ones that exist', async () => {
    const run = await genloom('validate', '--provider', 'poyo', '--model', 'wan-9');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: model: unknown model "wan-9" for poyo, it offers:');
    expect(run.stderr).toContain('seedream-5.0-lite-edit');
  });

  it('exits 2 on an unknown flag, naming it, without a stack trace', async () => {
    const run = await genloom('validate', '--provider', 'poyo', '--modle', 'wan-2.7-image');
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'error: unknown flag --modle, this command accepts: --provider, --model, --prompt, --set, --help',
    );
  });
});
