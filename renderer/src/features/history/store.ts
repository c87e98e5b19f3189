// The history gallery: pages of history.window kept by position (so a jump far down fills
// the screen with one or two requests), the selection, the open detail. Reads only the store
// (through main) and disk: it works with no network at all.
import { create } from 'zustand';
import type { HistoryItem, OutputDetail } from '../../../../shared/ipc/views';
import { request } from '../../lib/request';
import type { EventPayload } from '../../lib/request';
import { omit } from '../../lib/records';
import { EMPTY_FILTERS, windowInput } from './selectors';
import type { HistoryFilters } from './selectors';
import { evictPages, pagesFor, pagesToFetch } from './window-pages';
import type { PageCache } from './window-pages';

/** Items per history.window request: about one screen and a half of cells. */
export const PAGE_SIZE = 100;
/** Pages kept in memory (the rest are fetched again if scrolled back to). */
const MAX_PAGES = 40;

interface HistoryState {
  filters: HistoryFilters;
  pages: PageCache;
  total: number;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  /** Outputs downloaded since the list was fetched (shown as "N new"). */
  fresh: number;
  /** Selected outputs, kept whole: their pages may be forgotten while they stay selected. */
  selected: Record<number, HistoryItem>;
  activeIndex: number | null;
  detail: OutputDetail | null;
  detailError: string | null;
  detailLoading: boolean;
  compareOpen: boolean;
  setFilters: (patch: Partial<HistoryFilters>) => void;
  search: () => Promise<void>;
  /** The grid shows [start, end): fetch the pages it needs (and a margin) that are not here. */
  ensure: (start: number, end: number) => Promise<void>;
  toggleSelected: (item: HistoryItem) => void;
  clearSelection: () => void;
  setActive: (index: number | null) => void;
  openDetail: (outputId: number) => Promise<void>;
  closeDetail: () => void;
  setCompareOpen: (open: boolean) => void;
  onOutputsDownloaded: (payload: EventPayload<'output.downloaded'>) => void;
}

/** Bumped on every new search, so pages of an older search arriving late are dropped. */
let generation = 0;
/** Pages asked for and not answered yet: one request per page at a time. */
let inFlight = new Set<number>();
/** Requests are numbered so that only a newer answer's total replaces the one shown. */
let requestSeq = 0;
let totalSeq = 0;
let lastRange: [number, number] = [0, 0];

export const useHistory = create<HistoryState>()((set, get) => {
  const fetchPage = async (page: number, mine: number): Promise<boolean> => {
    const seq = ++requestSeq;
    inFlight.add(page);
    const result = await request(
      'history.window',
      windowInput(get().filters, page * PAGE_SIZE, PAGE_SIZE),
    );
    if (mine !== generation) return false;
    inFlight.delete(page);
    if (!result.ok) {
      set({ error: result.message });
      return false;
    }
    const { items, total } = result.value;
    const moved = seq > totalSeq && total !== get().total;
    if (seq > totalSeq) totalSeq = seq;
    set((state) => ({
      total: moved ? total : state.total,
      pages: evictPages({ ...state.pages, [page]: { items, total } }, page, MAX_PAGES),
      error: null,
    }));
    return moved;
  };

  return {
    filters: EMPTY_FILTERS,
    pages: {},
    total: 0,
    loading: false,
    loaded: false,
    error: null,
    fresh: 0,
    selected: {},
    activeIndex: null,
    detail: null,
    detailError: null,
    detailLoading: false,
    compareOpen: false,

    setFilters: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),

    search: async () => {
      const mine = ++generation;
      inFlight = new Set();
      totalSeq = requestSeq;
      set({ loading: true, error: null });
      const result = await request('history.window', windowInput(get().filters, 0, PAGE_SIZE));
      if (mine !== generation) return;
      if (!result.ok) {
        set({ loading: false, loaded: true, error: result.message });
        return;
      }
      set({
        pages: { 0: { items: result.value.items, total: result.value.total } },
        total: result.value.total,
        loading: false,
        loaded: true,
        fresh: 0,
        activeIndex: null,
      });
    },

    ensure: async (start, end) => {
      lastRange = [start, end];
      const mine = generation;
      const { pages, total } = get();
      const needed = pagesFor(start, end, total, PAGE_SIZE, Math.max(PAGE_SIZE / 2, end - start));
      const missing = pagesToFetch(needed, pages, total, inFlight);
      if (missing.length === 0) return;
      const moved = await Promise.all(missing.map((page) => fetchPage(page, mine)));
      // The list changed under us (outputs arrived): pages read before now sit at old
      // positions, so those in view are read again (shown meanwhile, not blanked).
      if (moved.some(Boolean) && mine === generation) await get().ensure(...lastRange);
    },

    toggleSelected: (item) =>
      set((state) => ({
        selected: state.selected[item.outputId]
          ? omit(state.selected, String(item.outputId))
          : { ...state.selected, [item.outputId]: item },
      })),
    clearSelection: () => set({ selected: {} }),
    setActive: (activeIndex) => set({ activeIndex }),

    openDetail: async (outputId) => {
      set({ detailLoading: true, detailError: null });
      const result = await request('output.get', { outputId });
      if (!result.ok) {
        set({ detailLoading: false, detailError: result.message });
        return;
      }
      set({ detail: result.value, detailLoading: false });
    },
    closeDetail: () => set({ detail: null, detailError: null }),
    setCompareOpen: (compareOpen) => set({ compareOpen }),

    onOutputsDownloaded: ({ outputs }) => set((state) => ({ fresh: state.fresh + outputs.length })),
  };
});
