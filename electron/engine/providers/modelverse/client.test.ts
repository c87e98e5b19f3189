// The Modelverse sync submit against a local server that answers like an OpenAI-compatible
// images endpoint with a large `b64_json`: the answer is read in full, because refusing it
// after the provider was paid would make the outcome unknown (issue 9, finding 6).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http } from '../../http';
import { IMMEDIATE_RETRY } from '../../retry';
import { ModelverseClient } from './client';

const MiB = 1024 * 1024;

let server: Server;
let baseUrl: string;
let http: Http;
let answer: Buffer;
let posts = 0;

/** A PNG whose pixels do not compress: `bytes` of image, about 4/3 of that in base64. */
async function noisyPng(bytes: number): Promise<Buffer> {
  const side = Math.ceil(Math.sqrt(bytes / 3));
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 60 };
  const background = { r: 0, g: 0, b: 0 };
  return sharp({ create: { width: side, height: side, channels: 3, background, noise } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      posts++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The client's own defaults: JSON answers are capped at 8 MiB unless a call says otherwise.
  http = new Http({});
});

afterAll(async () => {
  await http.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function syncClient(): ModelverseClient {
  return new ModelverseClient(
    { apiKey: 'mv-test-key', baseUrl },
    { http, retry: IMMEDIATE_RETRY, mode: 'sync', syncTimeoutMs: 30_000 },
  );
}

describe('Modelverse sync submit', () => {
  it('reads a b64_json answer larger than the 8 MiB JSON cap, once, as the image it holds', async () => {
    const png = await noisyPng(9 * MiB);
    const b64 = png.toString('base64');
    answer = Buffer.from(JSON.stringify({ created: 1_700_000_000, data: [{ b64_json: b64 }] }));
    expect(answer.length).toBeGreaterThan(12 * MiB);
    posts = 0;
    const out = await syncClient().submit({
      model: 'wan2.7-image',
      input: { prompt: 'a large inline answer' },
      idempotencyKey: 'idem-large',
    });
    expect(posts).toBe(1);
    expect(out.remoteId).toBe('sync:idem-large');
    expect(out.status).toMatchObject({ state: 'succeeded' });
    const outputs = out.status?.state === 'succeeded' ? out.status.outputs : [];
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.url).toBe(`data:image/png;base64,${b64}`);
  });
});
