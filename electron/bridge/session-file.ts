// The bridge's token and port, kept per home so a restart keeps the URL a tab already has:
// the tab reconnects on its own instead of knocking with a dead token forever. The file is
// readable by its owner only (0600) and holds nothing else; the token never goes to the
// database or a log (the URL is printed once, for the user to open).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SESSION_FILE = 'bridge-session.json';

export interface BridgeSession {
  token: string;
  /** The port last served on; null before the first start. */
  port: number | null;
}

const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether others than the owner may read the file (POSIX modes; Windows has none). */
function exposed(file: string): boolean {
  if (process.platform === 'win32') return false;
  return (statSync(file).mode & 0o077) !== 0;
}

function parse(text: string): BridgeSession | null {
  try {
    const value = JSON.parse(text) as { token?: unknown; port?: unknown };
    if (typeof value.token !== 'string' || !TOKEN.test(value.token)) return null;
    const port =
      typeof value.port === 'number' &&
      Number.isInteger(value.port) &&
      value.port > 0 &&
      value.port < 65536
        ? value.port
        : null;
    return { token: value.token, port };
  } catch {
    return null;
  }
}

/** Writes through a temp file and a rename, created 0600, so no reader sees half a token. */
export function saveBridgeSession(home: string, session: BridgeSession): void {
  mkdirSync(home, { recursive: true });
  const file = path.join(home, SESSION_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(session)}\n`, { mode: 0o600 });
  // The mode given to writeFileSync passes through the umask; make sure.
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/**
 * The session for this home: the stored one, or a new token when there is none, it cannot be
 * read, or others could read it (a token others saw is not kept).
 */
export function loadBridgeSession(home: string): BridgeSession {
  const file = path.join(home, SESSION_FILE);
  let stored: BridgeSession | null = null;
  try {
    stored = exposed(file) ? null : parse(readFileSync(file, 'utf8'));
  } catch {
    stored = null;
  }
  if (stored) return stored;
  const fresh = { token: newToken(), port: null };
  saveBridgeSession(home, fresh);
  return fresh;
}
