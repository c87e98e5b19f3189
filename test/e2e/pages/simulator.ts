// What the demo simulator saw, read from its own control surface (GET /__sim/stats): the
// number of submits proves whether anything was sent (and would have been paid for).
import type { Session } from './bridge-session';

interface SimStatsView {
  submits: Record<string, number>;
}

/** The simulator's base URL: demo mode points every provider at it. */
async function simulatorUrl(session: Session): Promise<string> {
  const status = await session.app.host.handlers['provider.status']({}, { shell: 'bridge' });
  const poyo = status.providers.find((p) => p.provider === 'poyo');
  if (!status.demo || poyo === undefined) throw new Error('the session is not in demo mode');
  return poyo.baseUrl.replace(/\/+$/, '');
}

/** Submits the simulator has received, all providers together. */
export async function simulatorSubmits(session: Session): Promise<number> {
  const response = await fetch(`${await simulatorUrl(session)}/__sim/stats`);
  const body = (await response.json()) as { ok: boolean; value: SimStatsView };
  if (!body.ok) throw new Error('the simulator did not answer its stats');
  return Object.values(body.value.submits).reduce((sum, n) => sum + n, 0);
}
