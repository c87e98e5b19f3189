/** Test support: the ProviderError a call fails with, for mapping and contract tests alike. */
import { ProviderError } from '../http-errors';

/** The ProviderError `fn` throws; fails the test when it returns or throws something else. */
export function thrown(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

/** The ProviderError a call fails with; fails the test when it succeeds or throws another. */
export async function rejection(call: Promise<unknown>): Promise<ProviderError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with a ProviderError');
}
