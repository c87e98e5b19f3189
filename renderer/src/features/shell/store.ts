// App-wide state: the page shown and what main said about itself (shell, demo mode, pickers).
import { create } from 'zustand';
import type { Output } from '../../../../shared/ipc/contract';
import { request } from '../../lib/request';

export const ROUTES = ['create', 'queue', 'history', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export type AppInfo = Output<'app.info'>;

interface ShellState {
  route: Route;
  info: AppInfo | null;
  /** Set when main cannot be reached at all (bridge down): shown as a banner. */
  offline: string | null;
  /** A batch to focus when the queue opens (after Start). */
  focusBatchId: string | null;
  navigate: (route: Route, focusBatchId?: string | null) => void;
  load: () => Promise<void>;
  setOffline: (message: string | null) => void;
}

function routeFromHash(): Route {
  const hash = typeof location === 'undefined' ? '' : location.hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(hash) ? (hash as Route) : 'create';
}

export const useShell = create<ShellState>()((set) => ({
  route: routeFromHash(),
  info: null,
  offline: null,
  focusBatchId: null,
  navigate: (route, focusBatchId = null) => {
    if (typeof location !== 'undefined' && location.hash !== `#/${route}`) {
      history.replaceState(null, '', `#/${route}`);
    }
    set({ route, focusBatchId });
  },
  load: async () => {
    const result = await request('app.info', {});
    if (result.ok) set({ info: result.value, offline: null });
    else set({ offline: result.message });
  },
  setOffline: (offline) => set({ offline }),
}));
