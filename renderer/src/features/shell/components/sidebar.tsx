import type { ReactNode } from 'react';
import { IconCreate, IconHistory, IconQueue, IconSettings } from '../../../components/icons';
import { progressOf } from '../../queue/selectors';
import { useQueue } from '../../queue/store';
import { useShell } from '../store';
import type { Route } from '../store';

const ITEMS: { route: Route; label: string; icon: ReactNode; shortcut: string }[] = [
  { route: 'create', label: 'Create', icon: <IconCreate />, shortcut: '1' },
  { route: 'queue', label: 'Queue', icon: <IconQueue />, shortcut: '2' },
  { route: 'history', label: 'History', icon: <IconHistory />, shortcut: '3' },
  { route: 'settings', label: 'Settings', icon: <IconSettings />, shortcut: '4' },
];

export default function Sidebar() {
  const route = useShell((state) => state.route);
  const navigate = useShell((state) => state.navigate);
  const info = useShell((state) => state.info);
  const batches = useQueue((state) => state.batches);
  let running = 0;
  let waiting = 0;
  for (const batch of Object.values(batches)) {
    if (batch.status !== 'active') continue;
    const p = progressOf(batch);
    running += p.active + p.queued;
    waiting += p.waiting;
  }

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <svg viewBox="0 0 20 20" width="20" height="20">
            <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="1.6" />
            <path d="M6 3v14M14 3v14" stroke="currentColor" strokeWidth="1.6" opacity="0.5" />
          </svg>
        </span>
        <span className="brand-name">Genloom</span>
        {info?.demo && (
          <span className="brand-demo" title="Requests go to the built-in simulator">
            Demo
          </span>
        )}
      </div>
      <ul className="nav">
        {ITEMS.map((item) => (
          <li key={item.route}>
            <button
              type="button"
              className={route === item.route ? 'nav-item nav-item-on' : 'nav-item'}
              aria-current={route === item.route ? 'page' : undefined}
              onClick={() => navigate(item.route)}
              data-testid={`nav-${item.route}`}
              title={`${item.label} (Ctrl+${item.shortcut})`}
            >
              {item.icon}
              <span>{item.label}</span>
              {item.route === 'queue' && waiting > 0 && (
                <span className="nav-count nav-count-warn" aria-label={`${waiting} tasks need you`}>
                  {waiting}
                </span>
              )}
              {item.route === 'queue' && waiting === 0 && running > 0 && (
                <span className="nav-count" aria-label={`${running} tasks in progress`}>
                  {running > 999 ? '999+' : running}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot subtle">
        {info ? `${info.shell === 'bridge' ? 'Browser' : 'Desktop'} · v${info.version}` : ''}
      </div>
    </nav>
  );
}
