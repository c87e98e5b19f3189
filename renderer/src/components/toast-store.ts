import { create } from 'zustand';

export type ToastTone = 'info' | 'ok' | 'warn' | 'danger';

export interface ToastItem {
  id: number;
  tone: ToastTone;
  title: string;
  detail?: string;
}

interface ToastState {
  items: ToastItem[];
  push: (toast: Omit<ToastItem, 'id'>) => number;
  dismiss: (id: number) => void;
}

let nextId = 1;
const MAX_VISIBLE = 4;

/** Short-lived notices (a batch finished, a key was saved). Errors in forms never go here. */
export const useToasts = create<ToastState>()((set) => ({
  items: [],
  push: (toast) => {
    const id = nextId++;
    set((state) => ({ items: [...state.items, { ...toast, id }].slice(-MAX_VISIBLE) }));
    return id;
  },
  dismiss: (id) => set((state) => ({ items: state.items.filter((item) => item.id !== id) })),
}));

export function toast(tone: ToastTone, title: string, detail?: string): void {
  useToasts.getState().push(detail === undefined ? { tone, title } : { tone, title, detail });
}
