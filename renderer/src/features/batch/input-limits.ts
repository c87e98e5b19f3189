// Does an input image break the chosen model's documented limits? Checked before upload so a
// badge can say why on the thumbnail, instead of a failed task later.
import type { ImageLimits } from '../../../../shared/catalog/types';
import { formatBytes } from '../../lib/format';
import type { InputFileView } from './types';

const EXTENSION_FORMAT: Record<string, string> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  bmp: 'bmp',
  gif: 'gif',
};

export function formatOf(file: InputFileView): string | null {
  if (file.format) return file.format.toLowerCase() === 'jpg' ? 'jpeg' : file.format.toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(file.relPath)?.[1]?.toLowerCase();
  return ext === undefined ? null : (EXTENSION_FORMAT[ext] ?? ext);
}

/** Each broken rule in plain words; empty when the file fits (or nothing is documented). */
export function limitProblems(file: InputFileView, limits: ImageLimits | null): string[] {
  if (limits === null) return [];
  const problems: string[] = [];
  const format = formatOf(file);
  if (format !== null && !(limits.formats as readonly string[]).includes(format)) {
    problems.push(
      `${format.toUpperCase()} is not accepted (use ${limits.formats.map((f) => f.toUpperCase()).join(', ')})`,
    );
  }
  if (limits.maxBytes !== undefined && file.bytes > limits.maxBytes) {
    problems.push(`${formatBytes(file.bytes)} is over the ${formatBytes(limits.maxBytes)} limit`);
  }
  const { width, height } = file;
  if (typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0) {
    const short = Math.min(width, height);
    const long = Math.max(width, height);
    if (limits.minSide !== undefined && short < limits.minSide) {
      problems.push(`${width}×${height}: sides must be at least ${limits.minSide} px`);
    }
    if (limits.maxSide !== undefined && long > limits.maxSide) {
      problems.push(`${width}×${height}: sides must be at most ${limits.maxSide} px`);
    }
    if (limits.maxAspectRatio !== undefined && long / short > limits.maxAspectRatio) {
      problems.push(
        `aspect ratio ${(long / short).toFixed(2)}:1 is beyond the ${limits.maxAspectRatio}:1 limit`,
      );
    }
  }
  if (file.hasAlpha === true && !limits.alphaAllowed) {
    problems.push('has transparency, which this model does not accept');
  }
  return problems;
}

export interface InputSummary {
  total: number;
  bad: number;
  bytes: number;
}

export function summarizeInputs(
  files: readonly InputFileView[],
  limits: ImageLimits | null,
): InputSummary {
  let bad = 0;
  let bytes = 0;
  for (const file of files) {
    bytes += file.bytes;
    if (limitProblems(file, limits).length > 0) bad++;
  }
  return { total: files.length, bad, bytes };
}
