import { it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { startSimulator } from '../../engine/simulator/index';
import { runCli, simEnv } from './cli-test-helpers';
it('dbg', async () => {
  const sim = await startSimulator({ latencyMs: 90, seed: 5 });
  const home = mkdtempSync('/tmp/h4b/dbg-');
  sim.faults.add({ provider: 'poyo', route: 'submit', kind: 'hang', phase: 'after', times: 1 });
  const t0 = Date.now();
  const iv = setInterval(() => console.log(Date.now() - t0, sim.requests.map((r) => `${r.route}:${r.fault}:${r.status}`).join(' ')), 300);
  const r = await runCli(['run', '--provider', 'poyo', '--model', 'wan-2.7-image', '--prompt', 'a {fox|owl}', '--db', path.join(home, 'x.db'), '--poll-ms', '30'], simEnv(sim, home), () => sim.requests.some((x) => x.fault === 'hang'));
  clearInterval(iv);
  console.log(r.code, r.signal, Date.now() - t0);
  await sim.close();
}, 90000);
