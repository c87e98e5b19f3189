// The HTTP layer each provider client talks through: every request first waits out the
// provider's shared backoff, and every 429 it meets starts one, so a rate limit seen by one
// task slows all batches on that provider, not just the task that hit it.
import { Http, abortableSleep, isProviderError } from '../http';
import type { HttpOptions, JsonRequest, JsonResponse } from '../http';
import type { ProviderGate } from './gate';

export class GatedHttp extends Http {
  constructor(
    private readonly gate: ProviderGate,
    options: HttpOptions = {},
    private readonly onRateLimited: () => void = () => undefined,
  ) {
    super(options);
  }

  override async json(req: JsonRequest): Promise<JsonResponse> {
    for (let wait = this.gate.blockedFor(); wait > 0; wait = this.gate.blockedFor()) {
      await abortableSleep(wait, req.signal);
    }
    try {
      const res = await super.json(req);
      this.gate.onSuccess();
      return res;
    } catch (err) {
      if (isProviderError(err) && err.code === 'rate_limited') {
        // A refused POST other than an upload is a refused submit: the provider's own limit.
        const refusedSubmit = req.method === 'POST' && !/\/upload/i.test(req.url);
        this.gate.onRateLimited(err.retryAfterMs, refusedSubmit);
        this.onRateLimited();
      }
      throw err;
    }
  }
}
