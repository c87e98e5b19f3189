// The bridge's upload route (issue 10, #14): what a browser drops as File objects is stored
// under the home and named back, images only, names made safe, size capped, token and Origin
// checked like the socket's.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, bridgeDownloadUrl, bridgeUploadUrl } from '../../shared/ipc/media-url';
import { startTestHost } from '../engine/api/test-host';
import type { TestHost } from '../engine/api/test-host';
import { startBridge } from './server';
import type { Bridge } from './server';
import { safeRelativePath } from './upload';

let t: TestHost;
let bridge: Bridge;
let rendererDir: string;
let uploadDir: string;
let png: Buffer;
const DROP = 'drop-0001-abcd';

beforeAll(async () => {
  t = await startTestHost({ demo: 'on' });
  rendererDir = mkdtempSync(path.join(tmpdir(), 'genloom-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Genloom</title>');
  uploadDir = path.join(t.home, 'uploads');
  bridge = await startBridge({
    handlers: t.host.handlers,
    bus: t.host.bus,
    media: t.host.mediaFiles,
    rendererDir,
    uploadDir,
    validateOutput: true,
  });
  png = await sharp({
    create: { width: 64, height: 64, channels: 3, background: { r: 10, g: 200, b: 90 } },
  })
    .png()
    .toBuffer();
});
afterAll(async () => {
  await bridge?.close();
  await t?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: { ok: boolean; path?: string; top?: string; error?: { message: string } } | null;
}

function post(
  target: string,
  body: Buffer,
  headers: Record<string, string | number> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.port, path: target, method: 'POST', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: Answer['body'] = null;
          try {
            parsed = JSON.parse(text) as Answer['body'];
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const upload = (name: string, body: Buffer, headers: Record<string, string | number> = {}) =>
  post(bridgeUploadUrl(bridge.token, DROP, name), body, headers);

describe('the upload route', () => {
  it('stores an image under the home and names its path, which files.scan then takes', async () => {
    const answer = await upload('photos/red lamp.png', png);
    expect(answer.status).toBe(200);
    const stored = answer.body?.path ?? '';
    expect(stored).toBe(path.join(uploadDir, DROP, 'photos', 'red lamp.png'));
    expect(answer.body?.top).toBe(path.join(uploadDir, DROP, 'photos'));
    expect(readFileSync(stored).equals(png)).toBe(true);
    const scan = await t.call('files.scan', { paths: [path.join(uploadDir, DROP)] });
    expect(scan).toMatchObject({ ok: true, value: { files: [{ path: stored, width: 64 }] } });
  });

  it('serves a stored file as a download with ?download=1 (the browser has no Open)', async () => {
    const stored = path.join(uploadDir, DROP, 'photos', 'red lamp.png');
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: bridge.port, path: bridgeDownloadUrl(stored, bridge.token) },
        (res) => {
          res.resume();
          resolve(res.headers);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(headers['content-disposition']).toBe(
      `attachment; filename="red lamp.png"; filename*=UTF-8''red%20lamp.png`,
    );
  });

  it('keeps both when a name repeats, and gives a name without one its type', async () => {
    const again = await upload('photos/red lamp.png', png);
    expect(again.body?.path).toBe(path.join(uploadDir, DROP, 'photos', 'red lamp-1.png'));
    const bare = await upload('scan', png);
    expect(bare.body?.path).toBe(path.join(uploadDir, DROP, 'scan.png'));
    expect(bare.body?.top).toBe(bare.body?.path);
  });

  it('keeps every file inside its drop folder, whatever the name says', () => {
    expect(safeRelativePath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeRelativePath('/abs/..\\..\\x.png')).toBe('abs/x.png');
    expect(safeRelativePath('a:b*c?.png')).toBe('a_b_c_.png');
    expect(safeRelativePath('.hidden.png')).toBe('hidden.png');
    expect(safeRelativePath('CON.png')).toBe('_CON.png');
    expect(() => safeRelativePath('../..')).toThrow('name: must name the file');
  });

  it('refuses what is not an image, too large, empty, or with a bad drop id, naming the rule', async () => {
    const text = await upload('notes.png', Buffer.from('just some text, not an image'));
    expect(text.status).toBe(415);
    expect(text.body?.error?.message).toBe(
      'file: must be an image (PNG, JPEG, WebP, GIF or BMP); this one is not',
    );
    const big = await upload('big.png', png, { 'Content-Length': MAX_UPLOAD_BYTES + 1 }).catch(
      () => ({ status: 413, body: null }),
    );
    expect(big.status).toBe(413);
    const streamed = await upload('big.png', Buffer.concat([png, Buffer.alloc(MAX_UPLOAD_BYTES)]));
    expect(streamed.status).toBe(413);
    expect(streamed.body?.error?.message).toBe('file: must be at most 50 MB');
    expect((await upload('empty.png', Buffer.alloc(0))).status).toBe(400);
    const badDrop = await post(bridgeUploadUrl(bridge.token, '../x', 'a.png'), png);
    expect(badDrop.status).toBe(400);
    // Nothing refused was kept, and no temp file is left.
    const names = readdirSync(path.join(uploadDir, DROP));
    expect(names.sort()).toEqual(['photos', 'scan.png']);
    expect(readdirSync(uploadDir)).toEqual([DROP]);
  });

  it('refuses a wrong token and another site', async () => {
    expect((await post(bridgeUploadUrl('wrong-token', DROP, 'a.png'), png)).status).toBe(403);
    const foreign = await upload('a.png', png, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
  });
});
