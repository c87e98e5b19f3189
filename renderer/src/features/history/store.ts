// The history gallery: pages of history.search kept in order, the selection, the open detail.
// Reads only the store (through main) and disk: it works with no network at all.
import { create } from 'zustand';
import type { HistoryItem, OutputDetail } from '../../../../shared/ipc/views';
import { request } from '../../lib/request';
import type { EventPayload } from '../../lib/request';
import { omit } from '../../lib/records';
import { EMPTY_FILTERS, searchInput } from './selectors';
import type { HistoryFilters } from './selectors';

/** The largest page the contract allows: fewer round trips while scrolling far. */
export const PAGE_SIZE = 500;

interface HistoryState {
  filters: HistoryFilters;
  items: HistoryItem[];
  total: number;
  nextCursor: string | null;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  /** Outputs downloaded since the list was fetched (shown as "N new"). */
  fresh: number;
  selected: Record<number, true>;
  activeIndex: number | null;
  detail: OutputDetail | null;
  detailError: string | null;
  detailLoading: boolean;
  compareOpen: boolean;
  setFilters: (patch: Partial<HistoryFilters>) => void;
  search: () => Promise<void>;
  ensure: (end: number) => Promise<void>;
  toggleSelected: (outputId: number) => void;
  clearSelection: () => void;
  setActive: (index: number | null) => void;
  openDetail: (outputId: number) => Promise<void>;
  closeDetail: () => void;
  setCompareOpen: (open: boolean) => void;
  onOutputsDownloaded: (payload: EventPayload<'output.downloaded'>) => void;
}

/** Bumped on every new search, so pages of an older search arriving late are dropped. */
let generation = 0;
let inFlight: Promise<void> | null = null;

export const useHistory = create<HistoryState>()((set, get) => ({
  filters: EMPTY_FILTERS,
  items: [],
  total: 0,
  nextCursor: null,
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
    inFlight = null;
    set({ loading: true, error: null });
    const result = await request('history.search', searchInput(get().filters, PAGE_SIZE, null));
    if (mine !== generation) return;
    if (!result.ok) {
      set({ loading: false, loaded: true, error: result.message });
      return;
    }
    set({
      items: result.value.items,
      total: result.value.total,
      nextCursor: result.value.nextCursor,
      loading: false,
      loaded: true,
      fresh: 0,
      activeIndex: null,
    });
  },

  ensure: async (end) => {
    // One chain of page loads at a time; keyset pages must be fetched in order.
    if (inFlight !== null) {
      await inFlight;
    }
    const run = async () => {
      const mine = generation;
      while (get().items.length < Math.min(end, get().total) && get().nextCursor !== null) {
        const result = await request(
          'history.search',
          searchInput(get().filters, PAGE_SIZE, get().nextCursor),
        );
        if (mine !== generation) return;
        if (!result.ok) {
          set({ error: result.message });
          return;
        }
        set((state) => ({
          items: [...state.items, ...result.value.items],
          nextCursor: result.value.nextCursor,
          total: Math.max(result.value.total, state.items.length + result.value.items.length),
        }));
      }
    };
    const promise = run();
    inFlight = promise;
    await promise;
    if (inFlight === promise) inFlight = null;
  },

  toggleSelected: (outputId) =>
    set((state) => {
      const key = String(outputId);
      return {
        selected: state.selected[outputId]
          ? omit(state.selected, key)
          : { ...state.selected, [outputId]: true as const },
      };
    }),
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
}));
