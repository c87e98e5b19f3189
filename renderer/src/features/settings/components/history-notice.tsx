import { useState } from 'react';
import Button from '../../../components/button';
import { useShell } from '../../shell/store';
import { switchHistory } from '../history-switch';
import { historyNotice, switchLabel } from '../history-words';

const SEEN = 'genloom.historyNotice';

function seen(key: string): boolean {
  try {
    return localStorage.getItem(SEEN) === key;
  } catch {
    return false;
  }
}

/**
 * Said at start when the other history (demo or live) holds batches: which one Genloom
 * opened, what waits in the other, and one click to open it. Dismissed until that changes.
 */
export default function HistoryNotice() {
  const info = useShell((state) => state.info);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const notice = info ? historyNotice(info) : null;
  if (info === null || notice === null || dismissed === notice.key || seen(notice.key)) {
    return null;
  }

  const dismiss = () => {
    try {
      localStorage.setItem(SEEN, notice.key);
    } catch {
      // Storage off: dismissed for this page only.
    }
    setDismissed(notice.key);
  };
  const onSwitch = async () => {
    setBusy(true);
    const refused = await switchHistory(notice.switchTo);
    if (refused !== null) {
      setBusy(false);
      setError(refused);
    }
  };

  return (
    <div className="banner" role="status" data-testid="history-notice">
      <span>{notice.text}</span>
      {error && <span className="danger-text"> {error}</span>}
      <span className="row">
        {info.canSwitchHistory && (
          <Button
            size="sm"
            busy={busy}
            onClick={() => void onSwitch()}
            data-testid="history-notice-switch"
          >
            {switchLabel(notice.switchTo)}
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={dismiss} data-testid="history-notice-dismiss">
          Dismiss
        </Button>
      </span>
    </div>
  );
}
