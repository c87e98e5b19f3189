import { useState } from 'react';
import Button from '../../../components/button';
import Section from '../../../components/section';
import { useShell } from '../../shell/store';
import { switchHistory } from '../history-switch';
import { openHistoryText, otherHistoryText, switchLabel } from '../history-words';

/** Settings > History: which history is open, what the other holds, and the way across. */
export default function HistorySection() {
  const info = useShell((state) => state.info);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (info === null) return null;
  const toDemo = !info.demo;

  const onSwitch = async () => {
    setBusy(true);
    setError(null);
    const refused = await switchHistory(toDemo);
    if (refused !== null) {
      setBusy(false);
      setError(refused);
    }
  };

  return (
    <Section
      title="History"
      description="Demo batches run on the built-in simulator and are kept apart from real ones, so a demo batch never reaches a paid provider."
      testId="settings-history"
    >
      <div className="stack">
        <p data-testid="settings-history-open">{openHistoryText(info)}</p>
        {info.otherHistory && (
          <p data-testid="settings-history-other">{otherHistoryText(info.otherHistory)}</p>
        )}
        {info.canSwitchHistory ? (
          <div className="row">
            <Button
              size="sm"
              busy={busy}
              onClick={() => void onSwitch()}
              data-testid="settings-history-switch"
            >
              {switchLabel(toDemo)}
            </Button>
            {busy && <span className="muted">Genloom is starting again on that history…</span>}
            {error && <span className="danger-text">{error}</span>}
          </div>
        ) : (
          <p className="muted">
            To open the {toDemo ? 'demo' : 'live'} history, start Genloom again
            {toDemo ? ' with --demo' : ''}.
          </p>
        )}
      </div>
    </Section>
  );
}
