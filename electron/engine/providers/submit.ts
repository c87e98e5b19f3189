/**
 * The runner's entry point to a provider: validate against the catalog, host local images,
 * then submit. A request the catalog rejects never reaches the network.
 */
import { findModel, validateInput } from '../../../shared/catalog/index';
import type { ModelEntry, ProviderId, ValidationIssue } from '../../../shared/catalog/types';
import { resolveImageInputs } from '../media/resolve-inputs';
import type { ResolveContext } from '../media/resolve-inputs';
import type { SubmitResult } from './types';

export type PrepareResult =
  | { ok: true; entry: ModelEntry; input: Record<string, unknown> }
  | { ok: false; issues: ValidationIssue[] };

/**
 * Validates and resolves image references (uploads happen here, never twice for one file).
 * Input problems come back as issues; upload transport failures are thrown as ProviderError.
 */
export async function prepareSubmit(
  provider: ProviderId,
  model: string,
  input: unknown,
  ctx: ResolveContext,
): Promise<PrepareResult> {
  const valid = validateInput(provider, model, input);
  if (!valid.ok) return valid;
  const entry = findModel(provider, model);
  if (!entry) return { ok: false, issues: [{ field: 'model', message: `unknown model ${model}` }] };
  const resolved = await resolveImageInputs(entry, valid.value, ctx);
  if (!resolved.ok) return resolved;
  return { ok: true, entry, input: resolved.input };
}

export type SubmitOutcome =
  | { ok: true; result: SubmitResult; input: Record<string, unknown> }
  | { ok: false; issues: ValidationIssue[] };

/**
 * prepareSubmit, then the provider's submit with the caller's idempotency key (which the
 * runner stores before calling). Provider failures are thrown as ProviderError, including
 * `submit_outcome_unknown` when the task may exist.
 */
export async function submitValidated(
  provider: ProviderId,
  model: string,
  input: unknown,
  idempotencyKey: string,
  ctx: ResolveContext,
): Promise<SubmitOutcome> {
  const client = ctx.clients[provider];
  if (!client) {
    return {
      ok: false,
      issues: [
        {
          field: 'provider',
          message: `${provider} is not configured; set GENLOOM_${provider.toUpperCase()}_API_KEY`,
        },
      ],
    };
  }
  const prepared = await prepareSubmit(provider, model, input, ctx);
  if (!prepared.ok) return prepared;
  const result = await client.submit({ model, input: prepared.input, idempotencyKey }, ctx.signal);
  return { ok: true, result, input: prepared.input };
}
