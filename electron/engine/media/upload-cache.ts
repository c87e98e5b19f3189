/**
 * Remembers which image (by content hash) was already hosted where, so a batch that uses the
 * same file many times uploads it once. The runner can back this with SQLite later.
 */

export interface UploadCacheEntry {
  url: string;
  /** Unix ms. Hosted files expire (PoYo keeps images about 72 h), so old entries are ignored. */
  uploadedAt: number;
}

export interface UploadCache {
  get(key: string): UploadCacheEntry | undefined | Promise<UploadCacheEntry | undefined>;
  set(key: string, entry: UploadCacheEntry): void | Promise<void>;
}

/**
 * Reuse an upload for at most 24 h: PoYo's ~72 h retention is third-party hearsay, and a task
 * can wait in a queue before the provider fetches its inputs.
 */
export const UPLOAD_REUSE_MS = 24 * 60 * 60 * 1000;

export function uploadCacheKey(host: string, sha256: string): string {
  return `${host}:${sha256}`;
}

export class MemoryUploadCache implements UploadCache {
  private readonly entries = new Map<string, UploadCacheEntry>();

  get(key: string): UploadCacheEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: UploadCacheEntry): void {
    this.entries.set(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
