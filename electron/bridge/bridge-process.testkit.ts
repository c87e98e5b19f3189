// Test kit: a real bridge (the real host, demo mode) in a process of its own, so a test can
// send it hostile messages and see whether the process survives. Run with tsx; prints one
// JSON line {port, token} when ready and stops on SIGTERM.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestHost } from '../engine/api/test-host';
import { startBridge } from './server';

async function main(): Promise<void> {
  const host = await startTestHost({ demo: 'on' });
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'genloom-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Genloom</title>');
  // Like the shipped bridge app: outputs are not re-checked against the contract.
  const bridge = await startBridge({
    handlers: host.host.handlers,
    bus: host.host.bus,
    media: host.host.mediaFiles,
    rendererDir,
    validateOutput: false,
  });
  process.stdout.write(`${JSON.stringify({ port: bridge.port, token: bridge.token })}\n`);
  process.once('SIGTERM', () => {
    void bridge
      .close()
      .then(() => host.close())
      .finally(() => {
        rmSync(rendererDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
}

void main();
