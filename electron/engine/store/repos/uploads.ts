import type BetterSqlite3 from 'better-sqlite3';
import type { ProviderId } from '../../../../shared/catalog/types';
import type { UploadsRepo } from '../store-api';
import type { UploadRecord } from '../types';

interface UploadRow {
  sha256: string;
  provider: string;
  url: string;
  uploaded_at: number;
}

export function createUploadsRepo(db: BetterSqlite3.Database): UploadsRepo {
  const byKey = db.prepare('SELECT * FROM uploads WHERE sha256 = ? AND provider = ?');
  const upsert = db.prepare(`INSERT INTO uploads (sha256, provider, url, uploaded_at)
    VALUES (?, ?, ?, ?) ON CONFLICT (sha256, provider)
    DO UPDATE SET url = excluded.url, uploaded_at = excluded.uploaded_at`);
  return {
    get(sha256: string, provider: ProviderId): UploadRecord | undefined {
      const r = byKey.get(sha256, provider) as UploadRow | undefined;
      return (
        r && {
          sha256: r.sha256,
          provider: r.provider as ProviderId,
          url: r.url,
          uploadedAt: r.uploaded_at,
        }
      );
    },
    put(rec: UploadRecord): void {
      upsert.run(rec.sha256, rec.provider, rec.url, rec.uploadedAt);
    },
  };
}
