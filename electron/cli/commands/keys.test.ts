// The CLI finds keys where the browser bridge saves them: a key saved to the vault in
// GENLOOM_HOME runs `genloom run` with no env key, and never appears in the output or the
// database. A key the desktop app saved with the OS keychain cannot be read outside Electron:
// the CLI says so once and goes on (an env key still works).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../engine/simulator/index';
import type { Simulator } from '../../engine/simulator/index';
import { createLocalKeyCipher } from '../../engine/vault/cipher';
import { createVault } from '../../engine/vault/vault';
import { writeVaultFile } from '../../engine/vault/vault-file';
import { runCli } from './cli-test-helpers';

const SECRET = 'pk-vault-5Tq8Wn3Rx7Ym2Kd9';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ keys: { poyo: [SECRET, 'sim-poyo-key'] }, latencyMs: 30, seed: 3 });
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-cli-keys-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** This process's env without any Genloom variable, plus GENLOOM_HOME. */
function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('GENLOOM_')) env[k] = v;
  }
  return { ...env, GENLOOM_HOME: home, ...extra };
}

function containsSecret(bytes: Buffer, secret: string): boolean {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')].some(
    (form) => bytes.includes(form),
  );
}

const run = (out: string) => [
  'run',
  '--provider',
  'poyo',
  '--model',
  'wan-2.7-image',
  '--prompt',
  'a {lynx|heron}',
  '--out',
  out,
  '--poll-ms',
  '30',
  '--json',
];

describe('CLI keys from the vault', { timeout: 60_000 }, () => {
  it('runs with a key saved by the bridge and no env key; the key is printed and stored nowhere', async () => {
    const home = path.join(dir, 'bridge-saved');
    // What the browser bridge does when the user saves a key in Settings.
    const vault = createVault({
      file: path.join(home, 'keys.json'),
      cipher: createLocalKeyCipher(path.join(home, 'vault.key')),
      env: {},
    });
    vault.setKey('poyo', SECRET, sim.baseUrls.poyo);
    const before = sim.requests.length;

    const result = await runCli(run(path.join(home, 'out')), cleanEnv(home));
    expect(result.stderr).not.toMatch(/note:/);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ tasks: 2, succeeded: 2 });
    const submits = sim.requests.slice(before).filter((r) => r.route === 'submit');
    expect(submits).toHaveLength(2);
    for (const r of submits) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);

    expect(containsSecret(Buffer.from(result.stdout + result.stderr), SECRET)).toBe(false);
    // Every file the run left in the home: the database and the downloaded outputs with their
    // sidecars (the vault file holds the key sealed, never in plain text).
    const files = readdirSync(home, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(home, path.join(entry.parentPath, entry.name)));
    expect(files).toContain('genloom.db');
    expect(files).toContain('keys.json');
    const outputs = files.filter((f) => f.startsWith(`out${path.sep}`));
    expect(
      outputs.filter((f) => /\.(png|jpe?g|webp)$/.test(f)),
      outputs.join(', '),
    ).toHaveLength(2);
    expect(
      outputs.some((f) => f.endsWith('.json')),
      outputs.join(', '),
    ).toBe(true);
    for (const f of files) {
      expect(containsSecret(readFileSync(path.join(home, f)), SECRET), f).toBe(false);
    }
  });

  it('an OS-keychain key is noted once on stderr (no env key) and the command goes on without it', async () => {
    const home = path.join(dir, 'desktop-saved');
    writeVaultFile(path.join(home, 'keys.json'), {
      version: 1,
      providers: {
        poyo: {
          cipher: 'os',
          ciphertext: Buffer.from('sealed by safeStorage').toString('base64'),
          baseUrl: null,
          savedAt: 1,
        },
      },
    });
    const noKey = await runCli(run(path.join(home, 'out')), cleanEnv(home));
    const notes = noKey.stderr.split('\n').filter((l) => l.startsWith('note:'));
    expect(notes).toEqual([
      'note: a PoYo key was saved by the desktop app with the OS keychain and cannot be read here; set GENLOOM_POYO_API_KEY or save the key again',
    ]);
    // Without a usable key nothing can be submitted: invalid input, exit 2.
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/--provider: poyo has no API key/);

    const withEnv = await runCli(
      run(path.join(home, 'out')),
      cleanEnv(home, {
        GENLOOM_POYO_API_KEY: 'sim-poyo-key',
        GENLOOM_POYO_BASE_URL: sim.baseUrls.poyo,
      }),
    );
    expect(withEnv.stderr).not.toMatch(/note:/);
    expect(withEnv.code).toBe(0);
    expect(withEnv.json).toMatchObject({ tasks: 2, succeeded: 2 });
    expect(existsSync(path.join(home, 'vault.key'))).toBe(false);
  });
});
