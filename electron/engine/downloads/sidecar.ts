/**
 * `<output>.json` beside each output: everything needed to know where a file came from
 * without the database. API keys never appear here: params are the validated catalog input.
 */
import { open, rename, rm } from 'node:fs/promises';
import { tempPathFor } from './temp-path';

export const SIDECAR_VERSION = 1;

export interface SidecarData {
  provider: string;
  model: string;
  remoteTaskId: string | null;
  taskId: string;
  batchId: string;
  batchName: string;
  prompt: string;
  seed: number | null;
  params: Record<string, unknown>;
  inputs: { path: string; relPath: string; bytes: number; sha256: string }[];
  cost: { estimated: number | null; actual: number | null; currency: string };
  /** Unix ms; written as ISO strings too for people reading the file. */
  times: {
    createdAt: number;
    submittedAt: number | null;
    finishedAt: number | null;
    downloadedAt: number;
  };
  output: {
    file: string;
    index: number;
    type: string;
    bytes: number;
    sha256: string;
    sourceUrl: string;
  };
}

export function sidecarPathFor(outputPath: string): string {
  return `${outputPath}.json`;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function sidecarJson(data: SidecarData): string {
  const t = data.times;
  return `${JSON.stringify(
    {
      genloomSidecar: SIDECAR_VERSION,
      ...data,
      timesIso: {
        createdAt: iso(t.createdAt),
        submittedAt: iso(t.submittedAt),
        finishedAt: iso(t.finishedAt),
        downloadedAt: iso(t.downloadedAt),
      },
    },
    null,
    2,
  )}\n`;
}

/** Writes the sidecar atomically (temp file, fsync, rename). Returns its path. */
export async function writeSidecar(outputPath: string, data: SidecarData): Promise<string> {
  const target = sidecarPathFor(outputPath);
  const tmp = tempPathFor(target);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(sidecarJson(data), 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  return target;
}
