import { useEffect } from 'react';
import Toaster from './components/toast';
import BatchPage from './features/batch/components/batch-page';
import { keepDraftSaved, restoreSavedDraft } from './features/batch/draft-persistence';
import { useBatch } from './features/batch/store';
import HistoryPage from './features/history/components/history-page';
import { useHistory } from './features/history/store';
import QueuePage from './features/queue/components/queue-page';
import { useQueue } from './features/queue/store';
import { useTaskOutputs } from './features/queue/task-outputs';
import HistoryNotice from './features/settings/components/history-notice';
import SettingsPage from './features/settings/components/settings-page';
import { useSettings } from './features/settings/store';
import DropOverlay from './features/shell/components/drop-overlay';
import Sidebar from './features/shell/components/sidebar';
import { ROUTES, useShell } from './features/shell/store';
import { onConnectionChange } from './lib/api';
import { listen } from './lib/request';

/** Loads what every page needs and keeps the stores current from main's events. */
function useMainSync(): void {
  useEffect(() => {
    let stopSaving: (() => void) | null = null;
    const refresh = async () => {
      await useShell.getState().load();
      const info = useShell.getState().info;
      if (info) {
        useSettings.getState().setHome(info.home);
        useQueue.getState().setHome(info.home);
      }
      if (info && stopSaving === null) {
        // The draft typed before a reload comes back first, so defaults fill only its gaps.
        stopSaving = () => undefined;
        await restoreSavedDraft(info.home);
        stopSaving = keepDraftSaved(info.home);
      }
      await useSettings.getState().load();
      const settings = useSettings.getState().settings;
      if (settings) {
        useBatch.getState().applyDefaults({
          dir: settings.outputDir,
          template: settings.template,
          collision: settings.collision,
          budget: settings.defaultBudget,
        });
      }
      await useQueue.getState().load();
    };
    void refresh();
    const offs = [
      listen('batch.updated', (payload) => useQueue.getState().onBatchUpdated(payload)),
      listen('task.updated', (payload) => useQueue.getState().onTaskUpdated(payload)),
      listen('output.downloaded', (payload) => {
        useHistory.getState().onOutputsDownloaded(payload);
        useTaskOutputs.getState().onDownloaded(payload);
      }),
    ];
    // A default budget changed in Settings reaches a batch form whose budget nobody typed.
    const offSettings = useSettings.subscribe((state, previous) => {
      const budget = state.settings?.defaultBudget;
      if (budget !== undefined && budget !== previous.settings?.defaultBudget) {
        useBatch.getState().applyDefaults({ budget });
      }
    });
    let wasClosed = false;
    const offConnection = onConnectionChange((state) => {
      if (state === 'closed') {
        wasClosed = true;
        useShell.getState().setOffline('Reconnecting to Genloom…');
      } else if (state === 'open' && wasClosed) {
        // Events sent while the socket was down are lost: refetch what is shown.
        wasClosed = false;
        useShell.getState().setOffline(null);
        void refresh();
        if (useHistory.getState().loaded) void useHistory.getState().search();
      }
    });
    return () => {
      stopSaving?.();
      for (const off of offs) off();
      offSettings();
      offConnection();
    };
  }, []);
}

function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const index = Number(event.key) - 1;
      const route = ROUTES[index];
      if (route !== undefined) {
        event.preventDefault();
        useShell.getState().navigate(route);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export default function App() {
  const route = useShell((state) => state.route);
  const offline = useShell((state) => state.offline);
  useMainSync();
  useShortcuts();

  return (
    <div className="app">
      <Sidebar />
      <main className="content" data-route={route}>
        {offline && (
          <div className="banner" role="status" data-testid="offline-banner">
            {offline}
          </div>
        )}
        <HistoryNotice />
        {route === 'create' && <BatchPage />}
        {route === 'queue' && <QueuePage />}
        {route === 'history' && <HistoryPage />}
        {route === 'settings' && <SettingsPage />}
      </main>
      <DropOverlay />
      <Toaster />
    </div>
  );
}
