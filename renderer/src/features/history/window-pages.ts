// The gallery's cache of history.window pages, as plain functions: which pages a visible range
// needs, which of those to fetch, the item at an index, and which pages to forget. A page
// remembers the total it was read under: when the total moves (new outputs arrived), items
// shift position, so pages read under another total are shown until their refetch lands.
import type { HistoryItem } from '../../../../shared/ipc/views';

export interface CachedPage {
  items: HistoryItem[];
  /** The list's total when this page was read. */
  total: number;
}

export type PageCache = Readonly<Record<number, CachedPage>>;

/** Pages covering [start, end) plus `overscan` items either side, within [0, total). */
export function pagesFor(
  start: number,
  end: number,
  total: number,
  pageSize: number,
  overscan: number,
): number[] {
  const from = Math.max(0, start - overscan);
  const to = Math.min(total, end + overscan);
  if (to <= from || pageSize < 1) return [];
  const first = Math.floor(from / pageSize);
  const last = Math.floor((to - 1) / pageSize);
  // Visible pages first, then the overscan either side: the screen fills before the margins.
  const visibleFirst = Math.floor(Math.max(0, start) / pageSize);
  const visibleLast = Math.floor(Math.max(0, Math.min(total, end) - 1) / pageSize);
  const pages: number[] = [];
  for (let page = visibleFirst; page <= visibleLast; page++) pages.push(page);
  for (let page = first; page <= last; page++) if (!pages.includes(page)) pages.push(page);
  return pages;
}

/** The needed pages that are missing or read under another total, and not already asked for. */
export function pagesToFetch(
  needed: readonly number[],
  cache: PageCache,
  total: number,
  inFlight: ReadonlySet<number>,
): number[] {
  return needed.filter((page) => !inFlight.has(page) && cache[page]?.total !== total);
}

export function itemAt(cache: PageCache, index: number, pageSize: number): HistoryItem | undefined {
  return cache[Math.floor(index / pageSize)]?.items[index % pageSize];
}

/** Keeps at most `max` pages, forgetting those farthest from `center` first. */
export function evictPages(cache: PageCache, center: number, max: number): PageCache {
  const pages = Object.keys(cache).map(Number);
  if (pages.length <= max) return cache;
  const keep = pages
    .sort((a, b) => Math.abs(a - center) - Math.abs(b - center) || a - b)
    .slice(0, max);
  return Object.fromEntries(keep.map((page) => [page, cache[page] as CachedPage]));
}
