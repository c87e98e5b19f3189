// A key saved through the contract is used for real requests, yet never appears in any
// channel's output, any file Genloom writes (database, outputs, sidecars), the logs or error
// text.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/index';
import { channelExamples } from './channel-examples';
import { startTestHost, waitFor } from './test-host';
import type { TestHost } from './test-host';

const SECRET = 'pk-live-7Q2x9Zr4Lw8Vb6Nc';
const WRONG = 'pk-wrong-3Fh8Jk2Lm5Np';

let sim: Simulator;
let t: TestHost;
const answers: string[] = [];

function containsSecret(text: string, secret: string): boolean {
  return (
    text.includes(secret) ||
    text.includes(Buffer.from(secret).toString('base64')) ||
    text.includes(Buffer.from(secret).toString('hex'))
  );
}

beforeAll(async () => {
  sim = await startSimulator({ keys: { poyo: [SECRET] }, latencyMs: 30 });
  t = await startTestHost({ demo: 'off' });
  const saved = await t.call('provider.setKey', {
    provider: 'poyo',
    apiKey: SECRET,
    baseUrl: sim.baseUrls.poyo,
  });
  answers.push(JSON.stringify(saved));
  expect(saved).toMatchObject({ ok: true, value: { configured: true, source: 'vault' } });
}, 30_000);
afterAll(async () => {
  await t?.close();
  await sim?.close();
});

describe('keys stay in the vault', () => {
  it('runs a batch with the saved key, and no channel ever answers with it', async () => {
    const created = await t.call('batch.create', {
      spec: {
        name: 'key check',
        provider: 'poyo',
        model: 'seedream-5.0-lite',
        prompts: { kind: 'text', text: 'a quiet harbour' },
        pollMs: 20,
      },
    });
    answers.push(JSON.stringify(created));
    if (!created.ok) throw new Error(created.error.message);
    const { batchId } = created.value as { batchId: string };
    const item = await waitFor(async () => {
      const page = await t.call('history.search', { batchId });
      const items = page.ok
        ? (page.value as { items: { outputId: number; taskId: string }[] }).items
        : [];
      return items[0];
    }, 'the output');
    // The simulator saw the key: it was really used.
    expect(sim.requests.some((r) => JSON.stringify(r).includes(SECRET))).toBe(true);

    const examples = channelExamples({
      batchId,
      taskId: item.taskId,
      outputId: item.outputId,
      imagePath: path.join(t.home, 'none.png'),
      simulatorUrl: sim.baseUrls.poyo,
      apiKey: SECRET,
    });
    for (const channel of CHANNELS) {
      if (channel === 'provider.clearKey') continue; // keep the key for the rest of the test
      answers.push(JSON.stringify(await t.raw(channel, examples[channel])));
    }
    answers.push(JSON.stringify(await t.call('provider.testKey', { provider: 'poyo' })));
    for (const answer of answers) expect(containsSecret(answer, SECRET)).toBe(false);
  });

  it('keeps a refused key out of the error text', async () => {
    const result = await t.call('provider.testKey', {
      provider: 'poyo',
      apiKey: WRONG,
      baseUrl: sim.baseUrls.poyo,
    });
    expect(result).toMatchObject({ ok: true, value: { working: false } });
    expect(JSON.stringify(result)).not.toContain(WRONG);
  });

  it('never sends the saved key to a base URL the caller names', async () => {
    const before = sim.requests.length;
    const result = await t.call('provider.testKey', {
      provider: 'poyo',
      baseUrl: 'http://127.0.0.1:9',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(sim.requests.length).toBe(before);
  });

  it('keeps the key out of every file Genloom wrote, the logs and the notifications', async () => {
    // The bridge logs notifications: wait for the batch-end notice, so the batch has also
    // written everything it will write.
    await waitFor(() => (t.notifications.length > 0 ? true : undefined), 'the batch-end notice');
    // Every file under the home: the database (read while open: what SQLite has not
    // checkpointed yet sits in the -wal file), the vault, settings, and the downloaded outputs
    // with their sidecars and embedded PNG text.
    const files = readdirSync(t.home, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
    const names = files.map((file) => path.relative(t.home, file));
    expect(
      names.some((name) => /\.db(-wal)?$/.test(name)),
      names.join(', '),
    ).toBe(true);
    expect(names).toContain('keys.json');
    // The batch run above downloaded its output and wrote a sidecar for it.
    const outputs = names.filter((name) => name.startsWith(`outputs${path.sep}`));
    expect(
      outputs.some((name) => /\.(png|jpe?g|webp)$/.test(name)),
      outputs.join(', '),
    ).toBe(true);
    expect(
      outputs.some((name) => name.endsWith('.json')),
      outputs.join(', '),
    ).toBe(true);
    for (const file of files) {
      expect(containsSecret(readFileSync(file).toString('latin1'), SECRET), file).toBe(false);
    }
    expect(containsSecret([...t.logs, ...t.notifications].join('\n'), SECRET)).toBe(false);
  });
});
