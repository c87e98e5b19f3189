import { describe, expect, it } from 'vitest';
import type { HistoryItem } from '../../../../shared/ipc/views';
import { evictPages, itemAt, pagesFor, pagesToFetch } from './window-pages';
import type { PageCache } from './window-pages';

function items(from: number, count: number): HistoryItem[] {
  return Array.from({ length: count }, (_, i) => ({ outputId: from + i }) as HistoryItem);
}

describe('gallery window pages', () => {
  it('asks for the pages in view first, then the margins, within the list', () => {
    // A jump to the middle of 100,000: cells 50,030..50,100 visible, 70 items of margin.
    expect(pagesFor(50_030, 50_100, 100_000, 100, 70)).toEqual([500, 499, 501]);
    expect(pagesFor(0, 70, 100_000, 100, 70)).toEqual([0, 1]);
    // The end of the list: nothing past the total.
    expect(pagesFor(99_950, 100_000, 100_000, 100, 100)).toEqual([999, 998]);
    expect(pagesFor(0, 0, 0, 100, 50)).toEqual([]);
    expect(pagesFor(10, 20, 15, 100, 0)).toEqual([0]);
  });

  it('fetches only what is missing, stale or not already asked for', () => {
    const cache: PageCache = {
      4: { items: items(400, 100), total: 1000 },
      5: { items: items(500, 100), total: 999 }, // read before one more output arrived
    };
    expect(pagesToFetch([4, 5, 6, 7], cache, 1000, new Set([7]))).toEqual([5, 6]);
    expect(pagesToFetch([4], cache, 1000, new Set())).toEqual([]);
  });

  it('finds an item by position across pages, and leaves gaps undefined', () => {
    const cache: PageCache = {
      0: { items: items(0, 100), total: 250 },
      2: { items: items(200, 50), total: 250 },
    };
    expect(itemAt(cache, 0, 100)?.outputId).toBe(0);
    expect(itemAt(cache, 99, 100)?.outputId).toBe(99);
    expect(itemAt(cache, 249, 100)?.outputId).toBe(249);
    expect(itemAt(cache, 150, 100)).toBeUndefined();
  });

  it('forgets the pages farthest from where the user is', () => {
    const cache: PageCache = Object.fromEntries(
      [0, 1, 2, 50, 51, 52, 99].map((page) => [page, { items: [], total: 1 }]),
    );
    expect(
      Object.keys(evictPages(cache, 51, 4))
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([50, 51, 52, 99]);
    expect(Object.keys(evictPages(cache, 1, 3))).toEqual(['0', '1', '2']);
    expect(evictPages(cache, 0, 10)).toBe(cache);
  });
});
