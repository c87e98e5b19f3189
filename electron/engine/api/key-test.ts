// provider.testKey: one cheap authenticated request. A balance call where the provider has
// one; otherwise a status query for a task that does not exist, where "not found" means the
// key was accepted and "bad key" means it was not.
import type { ProviderId } from '../../../shared/catalog/types';
import { createHttp, DEFAULT_RETRY, isProviderError } from '../http';
import { createClient, PROVIDER_NAMES } from '../providers/registry';
import type { ProviderConfig } from '../providers/types';
import { redactError, registerSecret } from '../vault/redact';
import type { KeyTestResult } from './platform';

const PROBE_TASK_ID = 'genloom-key-check';

export async function testProviderKey(
  provider: ProviderId,
  config: ProviderConfig,
): Promise<KeyTestResult> {
  registerSecret(config.apiKey);
  const name = PROVIDER_NAMES[provider];
  const http = createHttp({
    secrets: [config.apiKey],
    connectTimeoutMs: 5000,
    headersTimeoutMs: 10_000,
    bodyTimeoutMs: 10_000,
  });
  const client = createClient(provider, config, {
    http,
    retry: { ...DEFAULT_RETRY, maxAttempts: 1 },
  });
  try {
    if (client.balance) {
      await client.balance();
    } else {
      await client.status('wan2.7-image', PROBE_TASK_ID);
    }
    return { working: true, message: `${name} accepted the key` };
  } catch (error) {
    if (isProviderError(error)) {
      if (error.code === 'bad_key' || error.code === 'forbidden') {
        return { working: false, message: `${name} refused the key: ${redactError(error)}` };
      }
      if (
        error.code === 'not_found' ||
        error.code === 'bad_request' ||
        error.code === 'no_balance'
      ) {
        return { working: true, message: `${name} accepted the key (${redactError(error)})` };
      }
    }
    return { working: false, message: `${name} could not be reached: ${redactError(error)}` };
  } finally {
    await http.close().catch(() => undefined);
  }
}
