// A Modelverse sync answer with b64_json (what OpenAI-compatible servers send) becomes a file
// on disk, named, hashed and described like a downloaded one. No server: the answer is a
// literal reply object, as the provider sends it.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttp } from '../http';
import type { Http } from '../http';
import { fromModelverseSync } from '../providers/modelverse/mapping';
import { decodeDataUrl } from './inline';
import { saveOutput } from './save-output';

let root: string;
let http: Http;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'genloom-inline-'));
  http = createHttp();
});
afterEach(async () => {
  await http.close();
  rmSync(root, { recursive: true, force: true });
});

describe('inline outputs from a Modelverse b64_json answer', () => {
  it('are saved with the right extension, bytes, sha256 and sidecar', async () => {
    const jpeg = await sharp({
      create: { width: 3, height: 2, channels: 3, background: '#123456' },
    })
      .jpeg()
      .toBuffer();
    const status = fromModelverseSync({
      created: 1775558400,
      data: [{ b64_json: jpeg.toString('base64') }],
    });
    if (status.state !== 'succeeded') throw new Error(`expected success, got ${status.state}`);
    const [out] = status.outputs;
    if (out === undefined) throw new Error('no output');
    const saved = await saveOutput({
      http,
      url: out.url,
      type: out.type,
      root,
      template: '{batch}/{seq:4}-{index}.{ext}',
      collision: 'suffix',
      vars: {
        batch: 'Inline',
        index: 1,
        seq: 1,
        model: 'm',
        date: 0,
        provider: 'modelverse',
        task: 't',
      },
      sidecar: {
        provider: 'modelverse',
        model: 'm',
        remoteTaskId: 'sync:k',
        taskId: 't',
        batchId: 'b',
        batchName: 'Inline',
        prompt: 'p',
        seed: null,
        params: {},
        inputs: [],
        cost: { estimated: 1, actual: 1, currency: 'USD' },
        times: { createdAt: 1, submittedAt: 2, finishedAt: 3 },
      },
    });
    expect(saved.path).toBe(join(root, 'Inline', '0001-1.jpg'));
    const disk = readFileSync(saved.path);
    expect(disk.equals(jpeg)).toBe(true);
    expect(saved.sha256).toBe(createHash('sha256').update(disk).digest('hex'));
    const side = JSON.parse(readFileSync(`${saved.path}.json`, 'utf8')) as {
      output: { sourceUrl: string; sha256: string };
    };
    expect(side.output.sha256).toBe(saved.sha256);
    expect(side.output.sourceUrl).toBe(`data:image/jpeg;base64,(${jpeg.length} bytes inline)`);
  });
});

describe('decodeDataUrl', () => {
  it('decodes base64 (also URL-safe) and percent-encoded data', () => {
    expect(decodeDataUrl('data:image/png;base64,AAEC').bytes).toEqual(Buffer.from([0, 1, 2]));
    expect(decodeDataUrl('data:image/png;base64,-_8=').bytes).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeDataUrl('data:text/plain,a%20b').bytes.toString()).toBe('a b');
  });

  it('refuses empty, malformed and oversized data with clear codes', () => {
    expect(() => decodeDataUrl('data:image/png;base64,')).toThrow(
      expect.objectContaining({ code: 'inline_invalid' }),
    );
    expect(() => decodeDataUrl('data:image/png;base64')).toThrow(
      expect.objectContaining({ code: 'inline_invalid' }),
    );
    expect(() => decodeDataUrl('data:image/png;base64,A')).toThrow(
      expect.objectContaining({ code: 'inline_invalid' }),
    );
    expect(() => decodeDataUrl(`data:image/png;base64,${'A'.repeat(4000)}`, 100)).toThrow(
      expect.objectContaining({ code: 'too_large' }),
    );
  });
});
