// Transport faults against the simulator: what is retried, what is never sent twice, and what
// the runner is told when a paid submit's outcome is unknown.
import { describe, expect, it } from 'vitest';
import type { ProviderId } from '../../../shared/catalog/types';
import { ProviderError } from '../http-errors';
import type { FaultKind, FaultSpec } from '../simulator/index';
import { submitValidated } from './submit';
import { okOrThrow, pollToEnd, rejection, sent, useHarness } from './contract-harness';
import type { ProviderClient } from './types';

const h = useHarness((live) => live.sim.configure({ concurrency: 8 }));

const REQUESTS: Record<ProviderId, { model: string; input: Record<string, unknown> }> = {
  poyo: { model: 'wan-2.7-image', input: { prompt: 'p' } },
  apixo: { model: 'wan-2-7-image', input: { mode: 'omni-image', prompt: 'p' } },
  modelverse: { model: 'wan2.7-image', input: { prompt: 'p' } },
};

function client(p: ProviderId): ProviderClient {
  return p === 'poyo' ? h.poyo : p === 'apixo' ? h.apixo : h.modelverse;
}

async function submitWith(
  p: ProviderId,
  fault: Omit<FaultSpec, 'provider' | 'route'>,
): Promise<unknown> {
  h.sim.faults.add({ provider: p, route: 'submit', ...fault });
  const { model, input } = REQUESTS[p];
  return client(p)
    .submit({ model, input, idempotencyKey: 'idem-fault' })
    .catch((e: unknown) => e);
}

describe('PoYo submit retries reuse the Idempotency-Key', () => {
  it.each<[FaultKind, 'before' | 'after']>([
    ['http500', 'after'],
    ['http502', 'after'],
    ['drop', 'after'],
    ['truncate', 'after'],
    ['hang', 'after'],
    ['http429', 'before'],
  ])('%s (%s): one task, every attempt with the same key', async (kind, phase) => {
    const result = await submitWith('poyo', { kind, phase, times: 2 });
    const submits = sent(h.sim, 'poyo', 'submit');
    expect(submits).toHaveLength(3);
    expect(submits.map((r) => r.headers['idempotency-key'])).toEqual([
      'idem-fault',
      'idem-fault',
      'idem-fault',
    ]);
    expect(h.sim.tasks).toHaveLength(1);
    expect(result).toEqual({ remoteId: h.sim.tasks[0]?.id });
  });
});

describe('APIXO and Modelverse never resend a submit that may have arrived', () => {
  it.each<[ProviderId, FaultKind]>([
    ['apixo', 'http500'],
    ['apixo', 'http504'],
    ['apixo', 'drop'],
    ['apixo', 'hang'],
    ['modelverse', 'http500'],
    ['modelverse', 'http502'],
    ['modelverse', 'truncate'],
    ['modelverse', 'hang'],
  ])('%s %s after the task was created: submit_outcome_unknown, sent once', async (p, kind) => {
    const err = await submitWith(p, { kind, phase: 'after', times: 1 });
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('submit_outcome_unknown');
    expect((err as ProviderError).message).toMatch(/not charged twice/);
    expect(sent(h.sim, p, 'submit')).toHaveLength(1);
    // The simulator did create the task: resending would have made a second one.
    expect(h.sim.tasks).toHaveLength(1);
  });

  it.each<ProviderId>(['apixo', 'modelverse'])(
    '%s: 502 before processing is still not resent (a 502 proves nothing)',
    async (p) => {
      const err = await submitWith(p, { kind: 'http502', phase: 'before', times: 1 });
      expect((err as ProviderError).code).toBe('submit_outcome_unknown');
      expect(sent(h.sim, p, 'submit')).toHaveLength(1);
    },
  );

  it.each<[ProviderId, FaultKind]>([
    ['apixo', 'http503'],
    ['apixo', 'http429'],
    ['modelverse', 'http503'],
    ['modelverse', 'http429'],
  ])('%s %s with the provider envelope proves refusal: retried, one task', async (p, kind) => {
    const result = await submitWith(p, { kind, phase: 'before', times: 2 });
    expect(sent(h.sim, p, 'submit')).toHaveLength(3);
    expect(h.sim.tasks).toHaveLength(1);
    expect(result).toEqual({ remoteId: h.sim.tasks[0]?.id });
  });

  it('a concurrency 429 that does not clear is reported as rate_limited with Retry-After', async () => {
    h.sim.configure({ concurrency: 1 });
    okOrThrow(await submitValidated('apixo', 'wan-2-7-image', REQUESTS.apixo.input, 'a', h.ctx()));
    const err = await rejection(
      h.apixo.submit({ model: 'wan-2-7-image', input: REQUESTS.apixo.input, idempotencyKey: 'b' }),
    );
    expect(err).toMatchObject({ code: 'rate_limited', httpStatus: 429, retryable: true });
    // The open task ends within the harness's 1 s latency: the simulator says Retry-After: 1.
    expect(err.retryAfterMs).toBe(1000);
    expect(sent(h.sim, 'apixo', 'submit')).toHaveLength(1 + 5);
    expect(h.sim.tasks).toHaveLength(1);
  });
});

describe('status polls and uploads ride out storms', () => {
  it.each<ProviderId>(['poyo', 'apixo', 'modelverse'])(
    '%s: a 5xx/429/drop storm on status',
    async (p) => {
      const { model, input } = REQUESTS[p];
      const { remoteId } = await client(p).submit({ model, input, idempotencyKey: 'k' });
      h.sim.advance(5000);
      for (const kind of ['http500', 'http429', 'http504', 'drop'] as const) {
        h.sim.faults.add({ provider: p, route: 'status', kind, times: 1 });
      }
      const { status } = await pollToEnd(h.sim, client(p), model, remoteId);
      expect(status.state).toBe('succeeded');
      expect(sent(h.sim, p, 'status')).toHaveLength(5);
    },
  );

  it('a status call tries twice, then gives the next try to the runner, with a retryable server_error', async () => {
    const { remoteId } = await h.poyo.submit({ ...REQUESTS.poyo, idempotencyKey: 'k' });
    h.sim.faults.add({ provider: 'poyo', route: 'status', kind: 'http503', times: 'always' });
    const err = await rejection(h.poyo.status('wan-2.7-image', remoteId));
    expect(err).toMatchObject({ code: 'server_error', httpStatus: 503, retryable: true });
    expect(sent(h.sim, 'poyo', 'status')).toHaveLength(2);
  });

  it('retries uploads on 429 and 5xx', async () => {
    h.sim.faults.add({ provider: 'poyo', route: 'upload', kind: 'http429', times: 1 });
    h.sim.faults.add({ provider: 'poyo', route: 'upload', kind: 'http502', times: 1 });
    const out = okOrThrow(
      await submitValidated(
        'poyo',
        'wan-2.7-image',
        { prompt: 'p', image_urls: [h.img.png] },
        'k',
        h.ctx(),
      ),
    );
    expect(sent(h.sim, 'poyo', 'upload').map((r) => r.status)).toEqual([429, 502, 200]);
    expect(out.result.remoteId).toBe(h.sim.tasks[0]?.id);
  });
});
