import { describe, expect, it } from 'vitest';
import {
  baseName,
  formatBytes,
  formatDuration,
  formatMoney,
  formatRelative,
  plural,
  sentence,
} from './format';

describe('format', () => {
  it('shows money in the provider currency and a dash when unknown', () => {
    expect(formatMoney(12.6, 'credits')).toBe('12.6 credits');
    expect(formatMoney(0.35, 'USD')).toBe('$0.35');
    expect(formatMoney(null, 'USD')).toBe('—');
  });

  it('rounds durations the way a person reads an ETA', () => {
    expect(formatDuration(44_000)).toBe('44 s');
    expect(formatDuration(3 * 60_000 + 10_000)).toBe('3 min');
    expect(formatDuration(80 * 60_000)).toBe('1 h 20 min');
    expect(formatDuration(-1)).toBe('—');
  });

  it('formats sizes, counts, relative times and file names', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(plural(1, 'task')).toBe('1 task');
    expect(plural(12000, 'task')).toBe('12,000 tasks');
    expect(formatRelative(1000, 20_000)).toBe('just now');
    expect(formatRelative(0, 5 * 60_000)).toBe('5 min ago');
    expect(baseName('C:\\a\\b.png')).toBe('b.png');
    expect(baseName('/a/b/c.webp')).toBe('c.webp');
  });

  it('turns a message from main into a sentence without doubling its full stop', () => {
    expect(sentence('demo mode: nothing is billed')).toBe('Demo mode: nothing is billed.');
    expect(sentence('Key saved.')).toBe('Key saved.');
    expect(sentence('  ')).toBe('');
  });
});
