// The vault file (<home>/keys.json): per provider, the key as base64 ciphertext and which
// cipher made it. Kept apart from SQLite so no query, backup or export of the task database
// can carry a key. Written atomically with mode 0600.
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { z } from 'zod';
import { PROVIDER_IDS } from '../../../shared/catalog/types';
import { makeVaultFolder, VaultError } from './cipher';

export const VaultEntrySchema = z.strictObject({
  cipher: z.enum(['os', 'local-key']),
  ciphertext: z.base64(),
  /** Older files: the base URL saved with the key (now kept in `baseUrls`). */
  baseUrl: z.string().nullable(),
  savedAt: z.number(),
  /**
   * The base URL the key was saved for: the key is sent to this URL's origin and no other, and
   * moving the base URL elsewhere removes the key. Older files have none (see vault.ts).
   */
  savedFor: z.string().optional(),
});
export type VaultEntry = z.infer<typeof VaultEntrySchema>;

const VaultFileSchema = z.strictObject({
  version: z.literal(1),
  providers: z.partialRecord(z.enum(PROVIDER_IDS), VaultEntrySchema),
  /**
   * Base URLs chosen in Settings, apart from the keys so one can change without the other
   * (and apply to a key from the environment too). Older files have none; an entry's own
   * baseUrl is read as a fallback.
   */
  baseUrls: z.partialRecord(z.enum(PROVIDER_IDS), z.string()).optional(),
  /** Keys removed because the base URL moved: where to, and when, so Settings can say why. */
  removed: z
    .partialRecord(z.enum(PROVIDER_IDS), z.strictObject({ baseUrl: z.string(), at: z.number() }))
    .optional(),
});
export type VaultFile = z.infer<typeof VaultFileSchema>;

export function emptyVaultFile(): VaultFile {
  return { version: 1, providers: {} };
}

export function readVaultFile(file: string): VaultFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // Nothing saved there: the file is missing, or a file stands where a folder should.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return emptyVaultFile();
    throw new VaultError('vault_unreadable', `the key vault ${file} cannot be read`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VaultError('vault_unreadable', `the key vault ${file} is not valid JSON`);
  }
  const parsed = VaultFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new VaultError(
      'vault_unreadable',
      `the key vault ${file} has an unknown layout (expected version 1 with per-provider entries)`,
    );
  }
  return parsed.data;
}

export function writeVaultFile(file: string, data: VaultFile): void {
  makeVaultFolder(file, `the key vault ${file} cannot be saved`);
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  if (process.platform !== 'win32') chmodSync(file, 0o600);
}
