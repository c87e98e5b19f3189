// Batch progress on stderr: a redrawn bar on a terminal, plain lines otherwise (logs, CI),
// at most one line a second so a big batch does not flood a log. The last state is always
// written, even when it came within that second and nothing follows it.
import { formatAmount } from '../../shared/catalog/cost';
import type { Currency } from '../../shared/catalog/types';
import type { BatchUpdate } from '../engine/engine';

export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

export interface Spend {
  actual: number;
  currency: Currency;
}

function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function progressLine(
  u: BatchUpdate,
  total: number,
  etaMs: number | null,
  spend: Spend | null = null,
): string {
  const c = u.counts;
  const ended = c.succeeded + c.failed + c.canceled;
  const working = c.submitting + c.submitted + c.running;
  const waiting = c.unknown + (u.status === 'paused' ? c.queued : 0);
  const parts = [`${ended}/${total} done`, `${c.succeeded} ok`];
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.canceled > 0) parts.push(`${c.canceled} canceled`);
  if (working > 0) parts.push(`${working} running`);
  if (c.downloading > 0) parts.push(`${c.downloading} downloading`);
  if (waiting > 0) parts.push(`${waiting} waiting for you`);
  if (spend !== null) parts.push(`spent ${formatAmount(spend.actual, spend.currency)}`);
  if (etaMs !== null) parts.push(`ETA ${formatDuration(etaMs)}`);
  return parts.join(' · ');
}

/** Lines a second at most in a log; a terminal is redrawn up to ten times a second. */
const LOG_EVERY_MS = 1000;
const TTY_EVERY_MS = 100;

export class Progress {
  private last = '';
  private lastAt = -Infinity;
  private drawn = false;
  private pending: NodeJS.Timeout | undefined;
  private readonly spend: () => Spend | null;
  private readonly now: () => number;

  constructor(
    private readonly sink: ProgressSink,
    private readonly total: number,
    opts: { spend?: () => Spend | null; now?: () => number } = {},
  ) {
    this.spend = opts.spend ?? (() => null);
    this.now = opts.now ?? Date.now;
  }

  update(u: BatchUpdate, etaAt: number | null): void {
    const wait = this.lastAt + (this.sink.isTTY ? TTY_EVERY_MS : LOG_EVERY_MS) - this.now();
    if (wait > 0) {
      // Too soon: drawn when the interval is over, with what is current then.
      if (this.pending) clearTimeout(this.pending);
      this.pending = setTimeout(() => {
        this.pending = undefined;
        this.draw(u, etaAt);
      }, wait);
      this.pending.unref();
      return;
    }
    this.draw(u, etaAt);
  }

  private draw(u: BatchUpdate, etaAt: number | null): void {
    const eta = etaAt === null ? null : etaAt - this.now();
    const text = progressLine(u, this.total, eta, this.spend());
    this.lastAt = this.now();
    if (this.sink.isTTY) {
      const ended = u.counts.succeeded + u.counts.failed + u.counts.canceled;
      const width = 24;
      const filled = this.total === 0 ? width : Math.round((ended / this.total) * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      this.sink.write(`\r\x1b[2K${bar} ${text}`);
      this.drawn = true;
      return;
    }
    if (text === this.last) return;
    this.last = text;
    this.sink.write(`progress: ${text}\n`);
  }

  /** The final state, always printed. */
  finish(u: BatchUpdate): void {
    this.dispose();
    const text = progressLine(u, this.total, null, this.spend());
    if (this.sink.isTTY) {
      if (this.drawn) this.sink.write('\r\x1b[2K');
      this.sink.write(`${text}\n`);
    } else if (text !== this.last) {
      this.last = text;
      this.sink.write(`progress: ${text}\n`);
    }
  }

  /** Drops a pending redraw (the batch ended or the command stops). */
  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
  }
}
