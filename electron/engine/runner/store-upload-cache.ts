// The media layer's upload cache, kept in the store's uploads table: a file uploaded once is
// not uploaded again by a later task, batch or run (until the host may have dropped it).
import type { ProviderId } from '../../../shared/catalog/types';
import { PROVIDER_IDS } from '../../../shared/catalog/types';
import type { UploadCache, UploadCacheEntry } from '../media/upload-cache';
import type { Store } from '../store/index';

/** Cache keys are `host:sha256`; the host `poyo-upload` is the PoYo upload endpoint. */
function split(key: string): { provider: ProviderId; sha256: string } | null {
  const colon = key.lastIndexOf(':');
  if (colon < 0) return null;
  const host = key.slice(0, colon);
  const provider = host.split('-')[0] as ProviderId;
  if (!(PROVIDER_IDS as readonly string[]).includes(provider)) return null;
  return { provider, sha256: key.slice(colon + 1) };
}

export class StoreUploadCache implements UploadCache {
  private readonly memory = new Map<string, UploadCacheEntry>();

  constructor(private readonly store: Store) {}

  get(key: string): UploadCacheEntry | undefined {
    const k = split(key);
    if (k === null) return this.memory.get(key);
    const rec = this.store.uploads.get(k.sha256, k.provider);
    return rec === undefined ? undefined : { url: rec.url, uploadedAt: rec.uploadedAt };
  }

  set(key: string, entry: UploadCacheEntry): void {
    const k = split(key);
    if (k === null) {
      this.memory.set(key, entry);
      return;
    }
    this.store.uploads.put({ ...k, url: entry.url, uploadedAt: entry.uploadedAt });
  }
}
