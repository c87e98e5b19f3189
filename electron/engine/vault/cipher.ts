// How a key is turned into bytes at rest. In Electron the cipher is safeStorage (the OS
// keychain); where that is missing (the browser bridge, the CLI, Linux without a keyring) a
// local key file is used instead and the key is labelled "not OS-protected": it keeps keys out
// of plain text and out of the database, but anyone who can read the home folder can read them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { makeDirsSync } from '../downloads/dirs';

export type CipherKind = 'os' | 'local-key';

export interface KeyCipher {
  readonly kind: CipherKind;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class VaultError extends Error {
  readonly code: 'vault_unreadable' | 'vault_unwritable' | 'vault_key_invalid' | 'decrypt_failed';
  constructor(code: VaultError['code'], message: string) {
    super(message);
    this.name = 'VaultError';
    this.code = code;
  }
}

/**
 * Creates the folder a vault file lives in, one level at a time: Node 20's recursive
 * mkdirSync never returns on a folder like /proc/x (GENLOOM_HOME=/proc/x). `what` names the
 * file for the message ("the key vault /x/keys.json cannot be saved").
 */
export function makeVaultFolder(file: string, what: string): void {
  const folder = dirname(resolve(file));
  try {
    makeDirsSync(folder);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new VaultError(
      'vault_unwritable',
      `${what}: the folder ${folder} cannot be created (${why})`,
    );
  }
}

/** Reads the machine-local key, creating it (0600) on first use. */
function loadOrCreateKey(keyFile: string): Buffer {
  try {
    const key = readFileSync(keyFile);
    if (key.length !== KEY_BYTES) {
      throw new VaultError(
        'vault_key_invalid',
        `the local key file ${keyFile} must hold ${KEY_BYTES} bytes (it holds ${key.length})`,
      );
    }
    if (process.platform !== 'win32') chmodSync(keyFile, 0o600);
    return key;
  } catch (error) {
    // ENOTDIR: a file stands where a folder should; creating the folder names it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  makeVaultFolder(keyFile, `the local key file ${keyFile} cannot be created`);
  const key = randomBytes(KEY_BYTES);
  try {
    // 'wx': if another process created it meanwhile, use theirs.
    writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(keyFile);
    throw error;
  }
}

/** AES-256-GCM with a machine-local key file: iv (12) | tag (16) | ciphertext. */
export function createLocalKeyCipher(keyFile: string): KeyCipher {
  let key: Buffer | undefined;
  const getKey = (): Buffer => (key ??= loadOrCreateKey(keyFile));
  return {
    kind: 'local-key',
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', getKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      if (data.length < IV_BYTES + TAG_BYTES) {
        throw new VaultError('decrypt_failed', 'the saved key is damaged (too short)');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', getKey(), data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const body = data.subarray(IV_BYTES + TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new VaultError(
          'decrypt_failed',
          'the saved key cannot be decrypted with this machine-local key (was it saved elsewhere?)',
        );
      }
    },
  };
}

/** Labels shown in provider.status, in words a user understands. */
export const PROTECTION_LABELS = {
  os: 'encrypted with the OS keychain',
  'local-key': 'not OS-protected (encrypted with a local key file, readable by this user)',
  env: 'from the environment',
  demo: 'demo key for the built-in simulator',
} as const;
