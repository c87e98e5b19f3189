// GENLOOM_HOME=/proc/x (or a path under a regular file): every start-up folder (the
// database's, the key vault's, the local key's) fails at once with a message that names the
// folder, instead of spinning forever in Node 20's recursive mkdir (issue 9, finding 12).
// The steps run in a child process: the bug blocks the event loop for good, which no timer in
// this process could interrupt; the child is killed at the deadline instead.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

interface Step {
  home: string;
  step: string;
  ok: boolean;
  code?: string;
  message?: string;
  ms: number;
}

// Each step prints one JSON line as it ends, so a hang shows which step never ended.
const SCRIPT = `
const path = require('node:path');
const { openStore } = require('./electron/engine/store/connection.ts');
const { createVault } = require('./electron/engine/vault/vault.ts');
const { createLocalKeyCipher } = require('./electron/engine/vault/cipher.ts');
const { writeVaultFile, emptyVaultFile } = require('./electron/engine/vault/vault-file.ts');
function run(home, step, fn) {
  const started = performance.now();
  let out;
  try { fn(); out = { ok: true }; } catch (e) { out = { ok: false, code: e.code, message: e.message }; }
  console.log(JSON.stringify({ home, step, ...out, ms: performance.now() - started }));
}
for (const home of JSON.parse(process.env.HOMES_UNDER_TEST)) {
  run(home, 'store', () => openStore(path.join(home, 'genloom.db')).close());
  run(home, 'vault-file', () => writeVaultFile(path.join(home, 'keys.json'), emptyVaultFile()));
  run(home, 'cipher', () => createLocalKeyCipher(path.join(home, 'vault.key')).encrypt('k'));
  run(home, 'vault.setKey', () =>
    createVault({
      file: path.join(home, 'keys.json'),
      cipher: createLocalKeyCipher(path.join(home, 'vault.key')),
    }).setKey('poyo', 'sk-test-1234567890'),
  );
}
`;

function runSteps(homes: string[]): { steps: Step[]; timedOut: boolean; stderr: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, HOMES_UNDER_TEST: JSON.stringify(homes) },
    encoding: 'utf8',
    timeout: 30_000,
    killSignal: 'SIGKILL',
  });
  const steps = child.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Step);
  return { steps, timedOut: child.error !== undefined, stderr: child.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-home-'));
  writeFileSync(path.join(dir, 'a-file'), 'not a folder');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a data folder that cannot be created', () => {
  it('fails every start-up step at once, naming the folder, for /proc/x and a path under a file', () => {
    const underFile = path.join(dir, 'a-file', 'home');
    const homes = ['/proc/x', underFile];
    const { steps, timedOut, stderr } = runSteps(homes);
    expect({ timedOut, stderr: timedOut ? stderr : '' }).toEqual({ timedOut: false, stderr: '' });
    expect(steps.map((s) => `${s.home} ${s.step}`)).toEqual(
      homes.flatMap((h) =>
        ['store', 'vault-file', 'cipher', 'vault.setKey'].map((s) => `${h} ${s}`),
      ),
    );
    for (const s of steps) {
      expect(s.ok, `${s.home} ${s.step}`).toBe(false);
      // At once: a refusal, not a wait.
      expect(s.ms, `${s.home} ${s.step}`).toBeLessThan(1000);
    }
    const byStep = (home: string, step: string) =>
      steps.find((s) => s.home === home && s.step === step);
    expect(byStep('/proc/x', 'store')).toMatchObject({
      code: 'open_failed',
      message: expect.stringMatching(
        /^Could not open the database \/proc\/x\/genloom\.db: the folder \/proc\/x cannot be created \(ENOENT/,
      ),
    });
    expect(byStep('/proc/x', 'vault-file')).toMatchObject({
      code: 'vault_unwritable',
      message: expect.stringMatching(
        /^the key vault \/proc\/x\/keys\.json cannot be saved: the folder \/proc\/x cannot be created \(ENOENT/,
      ),
    });
    for (const step of ['cipher', 'vault.setKey']) {
      expect(byStep('/proc/x', step)).toMatchObject({
        code: 'vault_unwritable',
        message: expect.stringMatching(
          /^the local key file \/proc\/x\/vault\.key cannot be created: the folder \/proc\/x cannot be created \(ENOENT/,
        ),
      });
    }
    // Under a regular file: the file in the way is named.
    const fileInWay = `${path.join(dir, 'a-file')} is a file, not a folder`;
    for (const step of ['store', 'vault-file', 'cipher', 'vault.setKey']) {
      expect(byStep(underFile, step)?.message, step).toContain(fileInWay);
    }
  }, 60_000);
});
