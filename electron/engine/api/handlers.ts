// Every contract channel's handler over the engine facade and the platform. The Handlers type
// is mapped over the contract, so leaving one out fails to compile.
import type { Handlers } from './dispatch';
import { createAppHandlers } from './handlers-app';
import { createBatchHandlers } from './handlers-batch';
import type { ApiDeps } from './platform';

export function createHandlers(deps: ApiDeps): Handlers {
  return { ...createBatchHandlers(deps), ...createAppHandlers(deps) };
}
