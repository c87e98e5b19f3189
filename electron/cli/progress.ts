// Batch progress on stderr: a redrawn bar on a terminal, plain lines otherwise (logs, CI),
// at most one line a second so a big batch does not flood a log.
import type { BatchUpdate } from '../engine/engine';

export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function progressLine(u: BatchUpdate, total: number, etaMs: number | null): string {
  const c = u.counts;
  const ended = c.succeeded + c.failed + c.canceled;
  const working = c.submitting + c.submitted + c.running;
  const parts = [`${ended}/${total} done`, `${c.succeeded} ok`];
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.canceled > 0) parts.push(`${c.canceled} canceled`);
  if (working > 0) parts.push(`${working} running`);
  if (c.downloading > 0) parts.push(`${c.downloading} downloading`);
  if (c.unknown > 0) parts.push(`${c.unknown} unknown`);
  if (etaMs !== null) parts.push(`ETA ${formatDuration(etaMs)}`);
  return parts.join(' · ');
}

export class Progress {
  private last = '';
  private lastAt = 0;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {}

  update(u: BatchUpdate, etaAt: number | null): void {
    const eta = etaAt === null ? null : etaAt - this.now();
    const text = progressLine(u, this.total, eta);
    if (this.sink.isTTY) {
      const ended = u.counts.succeeded + u.counts.failed + u.counts.canceled;
      const width = 24;
      const filled = this.total === 0 ? width : Math.round((ended / this.total) * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      this.sink.write(`\r\x1b[2K${bar} ${text}`);
      this.drawn = true;
      return;
    }
    const t = this.now();
    if (text === this.last || t - this.lastAt < 1000) return;
    this.last = text;
    this.lastAt = t;
    this.sink.write(`progress: ${text}\n`);
  }

  /** The final state, always printed. */
  finish(u: BatchUpdate): void {
    const text = progressLine(u, this.total, null);
    if (this.sink.isTTY) {
      if (this.drawn) this.sink.write('\r\x1b[2K');
      this.sink.write(`${text}\n`);
    } else if (text !== this.last) {
      this.sink.write(`progress: ${text}\n`);
    }
  }
}
