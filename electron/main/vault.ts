// The desktop key vault: Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) as the
// cipher. Where safeStorage has no real OS store (Linux without a keyring falls back to a
// hard-coded password, "basic_text"), the local-key cipher is used and labelled as such.
import { safeStorage } from 'electron';
import path from 'node:path';
import { createLocalKeyCipher } from '../engine/vault/cipher';
import type { KeyCipher } from '../engine/vault/cipher';
import { createVault } from '../engine/vault/vault';
import type { KeyVault } from '../engine/vault/vault';

function safeStorageCipher(): KeyCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return null;
  }
  return {
    kind: 'os',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}

export function createDesktopVault(home: string, env: NodeJS.ProcessEnv): KeyVault {
  const local = createLocalKeyCipher(path.join(home, 'vault.key'));
  const os = safeStorageCipher();
  return createVault({
    file: path.join(home, 'keys.json'),
    cipher: os ?? local,
    readers: [local],
    env,
  });
}
