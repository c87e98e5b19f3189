// Hostile messages over a real socket to a real bridge in its own process (heap capped, as a
// small machine would be): nothing may crash it, and a normal call afterwards still answers.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../../shared/ipc/limits';

let child: ChildProcess;
let exited: string | null = null;
let port = 0;
let token = '';

beforeAll(async () => {
  const kit = path.join(__dirname, 'bridge-process.testkit.ts');
  child = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', kit], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.on('exit', (code, signal) => (exited = `exit ${code ?? ''} ${signal ?? ''}`.trim()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as { port: number; token: string });
    });
    child.once('exit', () =>
      reject(new Error(`the bridge did not start: ${stderr.replace(/^\s+at .*$/gm, '')}`)),
    );
  });
  port = ready.port;
  token = ready.token;
}, 60_000);

afterAll(async () => {
  if (exited === null) {
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await done;
  }
});

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

interface Answer {
  ok: boolean;
  error?: { code: string; message: string; issues?: { field: string; message: string }[] };
  value?: unknown;
}

/** Sends raw text and waits for the result with this id (or the socket's end). */
function send(ws: WebSocket, id: number, text: string, limitMs = 20_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to call ${id}`)), limitMs);
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        id?: number;
        envelope?: Answer;
      };
      if (message.type === 'result' && message.id === id && message.envelope) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(message.envelope);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`socket closed with ${code} (bridge ${exited ?? 'alive'})`));
    });
    ws.send(text);
  });
}

const call = (id: number, channel: string, input: unknown): string =>
  JSON.stringify({ type: 'call', id, channel, input });

/** A JSON text `levels` objects deep around 1. */
const nestedText = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** 8 parameters x 10 values: 10^8 combinations from a message of a few hundred bytes. */
const grid = Object.fromEntries(
  Array.from({ length: 8 }, (_, i) => [`p${i}`, Array.from({ length: 10 }, (_, v) => v)]),
);
const gridSpec = {
  provider: 'poyo',
  model: 'wan-2.7-image',
  prompts: { kind: 'text', text: 'a kite' },
  variations: { params: grid },
};

async function stillAnswers(): Promise<void> {
  const ws = await open();
  const info = await send(ws, 999, call(999, 'app.info', {}));
  expect(info).toMatchObject({ ok: true, value: { shell: 'bridge' } });
  ws.close();
  expect(exited).toBeNull();
}

describe('bridge limits', () => {
  it('refuses parameters nested 5,000 deep, naming the field and the rule', async () => {
    const ws = await open();
    const preset = `{"id":"p","name":"deep","provider":"poyo","model":"wan-2.7-image","params":{"n":${nestedText(5000)}}}`;
    const deepSettings = `{"type":"call","id":1,"channel":"settings.set","input":{"presets":[${preset}]}}`;
    const answer = await send(ws, 1, deepSettings);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(answer.error?.message).toMatch(/^input is nested too deep: at most 32 levels/);
    ws.close();
    await stillAnswers();
  });

  it('counts a parameter grid of 8 fields x 10 values before building it', async () => {
    const ws = await open();
    for (const [id, channel] of [
      [3, 'batch.dryRun'],
      [4, 'batch.create'],
    ] as const) {
      const started = Date.now();
      const answer = await send(ws, id, call(id, channel, { spec: gridSpec }));
      expect(Date.now() - started).toBeLessThan(5000);
      const text = JSON.stringify(answer);
      expect(text, channel).toMatch(/variations\.params/);
      expect(text, channel).toMatch(/more than 200000 combinations/);
    }
    ws.close();
    await stillAnswers();
  });

  it('refuses a message over the size limit without falling over', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(call(5, 'app.info', { pad: 'x'.repeat(MAX_MESSAGE_BYTES) }));
    expect(await closed).toBe(1009);
    await stillAnswers();
  });
});
