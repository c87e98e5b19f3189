import { useState } from 'react';
import Button from '../../../components/button';
import { IconKey } from '../../../components/icons';
import { useShell } from '../../shell/store';

const DISMISSED = 'genloom.welcome.dismissed';

function wasDismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED) === '1';
  } catch {
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(DISMISSED, '1');
  } catch {
    // Storage may be off (private window): the card then shows again next time, no harm.
  }
}

/**
 * The first-run welcome, on the page a newcomer lands on: what demo mode is, how to add a
 * key, where history lives. Shown until dismissed; it never blocks the form.
 */
export default function WelcomeCard() {
  const info = useShell((state) => state.info);
  const navigate = useShell((state) => state.navigate);
  const [hidden, setHidden] = useState(wasDismissed);
  if (hidden || info === null) return null;
  const dismiss = () => {
    remember();
    setHidden(true);
  };

  return (
    <section className="welcome" aria-labelledby="welcome-title" data-testid="welcome">
      <h2 id="welcome-title">Welcome to Genloom</h2>
      {info.demo ? (
        <p>
          You are in <strong>demo mode</strong>: no API key is set, so every batch runs against
          Genloom’s built-in simulator. The images are stand-ins made on this computer, nothing is
          sent to a provider and nothing is charged. Try a whole batch here first.
        </p>
      ) : (
        <p>
          Batches go to the providers you have keys for. Every batch shows its task count and cost
          before it starts, and asks first when the amount is large.
        </p>
      )}
      <p>
        <IconKey /> To generate for real, open <strong>Settings</strong> and paste a key for PoYo,
        APIXO or Modelverse; the key is kept by Genloom and never shown again.
      </p>
      <p>
        History (every task, its cost and its files) lives on this computer in{' '}
        <span className="mono break" data-testid="welcome-home">
          {info.home}
        </span>
        ; outputs go to the folder shown under Output. Nothing needs the network to browse it.
      </p>
      <div className="row">
        <Button
          variant="primary"
          size="sm"
          onClick={() => {
            dismiss();
            navigate('settings');
          }}
          data-testid="welcome-settings"
        >
          Open Settings
        </Button>
        <Button size="sm" onClick={dismiss} data-testid="welcome-dismiss">
          Got it
        </Button>
      </div>
    </section>
  );
}
