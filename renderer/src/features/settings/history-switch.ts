// Reopening Genloom on the other history (demo or live). Main answers, then restarts behind
// the same address: the bridge tab sees its socket drop and come back, and reloads then so
// every page starts from the history now open; the desktop app starts a new window itself.
import { onConnectionChange } from '../../lib/api';
import { request } from '../../lib/request';

/** A restart that takes longer than this still ends in a reload (the banner says why). */
const RELOAD_AFTER_MS = 20_000;

/** Resolves with main's refusal in words, or null once the switch is under way. */
export async function switchHistory(demo: boolean): Promise<string | null> {
  const result = await request('app.switchHistory', { demo });
  if (!result.ok) return result.message;
  let dropped = false;
  const reload = () => {
    off();
    clearTimeout(timer);
    location.reload();
  };
  const off = onConnectionChange((state) => {
    if (state === 'closed') dropped = true;
    else if (state === 'open' && dropped) reload();
  });
  const timer = setTimeout(reload, RELOAD_AFTER_MS);
  return null;
}
