// Thousands of random and broken payloads at every channel of the real handlers: every answer
// is an envelope, malformed input is refused as invalid_input naming the channel, and nothing
// crashes (no `internal`, no answer outside the contract).
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract } from '../../../shared/ipc/contract';
import { EnvelopeSchema } from '../../../shared/ipc/envelope';
import type { Envelope } from '../../../shared/ipc/envelope';
import { channelExamples } from './channel-examples';
import type { ExampleContext } from './channel-examples';
import { mutations, randomValue, seededRandom } from './fuzz';
import { startTestHost, waitFor } from './test-host';
import type { TestHost } from './test-host';

const RANDOM_PER_CHANNEL = 150;

let t: TestHost;
let ctx: ExampleContext;

beforeAll(async () => {
  t = await startTestHost({ demo: 'on' });
  const imagePath = path.join(t.home, 'inputs', 'cat.png');
  await import('node:fs/promises').then((fs) =>
    fs.mkdir(path.dirname(imagePath), { recursive: true }),
  );
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c84' } })
    .png()
    .toFile(imagePath);
  const created = await t.call('batch.create', {
    spec: {
      name: 'seed',
      provider: 'poyo',
      model: 'seedream-5.0-lite',
      prompts: { kind: 'text', text: 'a lighthouse' },
      pollMs: 20,
    },
  });
  if (!created.ok) throw new Error(created.error.message);
  const { batchId } = created.value as { batchId: string };
  const item = await waitFor(async () => {
    const page = await t.call('history.search', { batchId });
    const items = page.ok
      ? (page.value as { items: { outputId: number; taskId: string }[] }).items
      : [];
    return items[0];
  }, 'a first output');
  ctx = {
    batchId,
    taskId: item.taskId,
    outputId: item.outputId,
    imagePath,
    simulatorUrl: 'http://127.0.0.1:9',
    apiKey: 'fuzz-key-123456',
  };
}, 60_000);
afterAll(async () => {
  await t?.close();
});

function expectSound(channel: string, payload: unknown, result: Envelope<unknown>): void {
  expect(EnvelopeSchema.safeParse(result).success, `${channel}: not an envelope`).toBe(true);
  const spec = contract[channel as keyof typeof contract];
  const accepted = spec.input.safeParse(payload === undefined ? {} : payload).success;
  if (!accepted) {
    expect(result.ok, `${channel} accepted ${JSON.stringify(payload)?.slice(0, 200)}`).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message.startsWith(`${channel}: `)).toBe(true);
    }
  } else if (!result.ok) {
    expect(['internal', 'invalid_output'], `${channel}: ${result.error.message}`).not.toContain(
      result.error.code,
    );
  }
}

describe('fuzzing every channel', () => {
  it('has a valid example for every channel, and each is answered', async () => {
    // The valid examples that are refused, and why: desktop-only channels on the bridge shell,
    // and a decision for a task that is not waiting for one. Every other one succeeds.
    const refused: Partial<Record<string, string>> = {
      'task.resolveUnknown': 'conflict',
      'output.open': 'not_available',
      'output.showInFolder': 'not_available',
      'dialog.pickFolder': 'not_available',
      'dialog.pickFiles': 'not_available',
      // The test host's platform cannot restart itself.
      'app.switchHistory': 'not_available',
    };
    const examples = channelExamples(ctx);
    for (const channel of CHANNELS) {
      const payload = examples[channel];
      expect(contract[channel].input.safeParse(payload).success, channel).toBe(true);
      const result = await t.raw(channel, payload);
      expectSound(channel, payload, result);
      const code = result.ok ? undefined : result.error.code;
      expect(code, `${channel}: ${JSON.stringify(result).slice(0, 200)}`).toBe(refused[channel]);
    }
  });

  it('answers thousands of random payloads with envelopes, never a crash', async () => {
    const random = seededRandom(20_251_121);
    let calls = 0;
    for (const channel of CHANNELS) {
      for (let i = 0; i < RANDOM_PER_CHANNEL; i++) {
        const payload = randomValue(random);
        expectSound(channel, payload, await t.raw(channel, payload));
        calls++;
      }
    }
    expect(calls).toBeGreaterThanOrEqual(3000);
  });

  it('refuses every broken variant of a valid input', async () => {
    const random = seededRandom(7);
    const examples = channelExamples(ctx);
    let calls = 0;
    for (let round = 0; round < 3; round++) {
      for (const channel of CHANNELS) {
        for (const payload of mutations(random, examples[channel] as Record<string, unknown>)) {
          expectSound(channel, payload, await t.raw(channel, payload));
          calls++;
        }
      }
    }
    expect(calls).toBeGreaterThan(800);
  });

  it('answers unknown channels with unknown_channel', async () => {
    const random = seededRandom(99);
    for (const channel of [
      '',
      'batch',
      'batch.delete',
      '__proto__',
      'constructor',
      'toString',
      null,
      42,
      {},
    ]) {
      const result = await t.raw(channel, randomValue(random));
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });
});
