// One call through the contract: check the input's size and depth, parse it with zod, run the
// handler, check the output (in dev and tests), and answer the envelope. Never throws,
// whatever arrives: the limits come first because zod, JSON and structured clone all recurse.
import { contract, isChannel } from '../../../shared/ipc/contract';
import type { Channel, Output, ParsedInput } from '../../../shared/ipc/contract';
import {
  describeIssues,
  errEnvelope,
  issuesFromZodError,
  okEnvelope,
} from '../../../shared/ipc/envelope';
import type { Envelope } from '../../../shared/ipc/envelope';
import { inputLimitRefusal } from '../../../shared/ipc/limits';
import { redactError } from '../vault/redact';
import type { Logger } from '../vault/redact';
import { toIpcError } from './errors';

/** Who is calling: the desktop window or a bridge connection. */
export interface CallContext {
  shell: 'electron' | 'bridge';
}

/** One handler per channel: a missing one fails to compile. */
export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>, ctx: CallContext) => Promise<Output<C>> | Output<C>;
};

export interface DispatchOptions {
  /** Check every result against its output schema (dev and tests). */
  validateOutput: boolean;
  log?: Logger;
}

type AnyHandler = (input: unknown, ctx: CallContext) => unknown;

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawInput: unknown,
  ctx: CallContext,
  options: DispatchOptions,
): Promise<Envelope<unknown>> {
  try {
    return await dispatchChecked(handlers, channel, rawInput, ctx, options);
  } catch (error) {
    // Only a bug gets here (every known failure is answered below); the caller still gets an
    // answer and the process lives on.
    const name = isChannel(channel) ? channel : 'a call';
    options.log?.error(`${name} failed outside its handler`, { error: redactError(error) });
    return errEnvelope('internal', `${name} failed unexpectedly`);
  }
}

async function dispatchChecked(
  handlers: Handlers,
  channel: unknown,
  rawInput: unknown,
  ctx: CallContext,
  options: DispatchOptions,
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    const shown = typeof channel === 'string' ? JSON.stringify(channel.slice(0, 80)) : 'nothing';
    return errEnvelope('unknown_channel', `channel must be one of the contract's (got ${shown})`);
  }
  const spec = contract[channel];
  const refused = inputLimitRefusal(channel, rawInput);
  if (refused !== null) return refused;
  const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    const issues = issuesFromZodError(parsed.error);
    return errEnvelope(
      'invalid_input',
      `${channel}: ${describeIssues(issues) || 'the input must be an object'}`,
      issues,
    );
  }
  let value: unknown;
  try {
    value = await (handlers[channel] as AnyHandler)(parsed.data, ctx);
  } catch (error) {
    const ipcError = toIpcError(error, channel);
    if (ipcError.code === 'internal') {
      options.log?.error(`${channel} failed`, { error: redactError(error) });
    }
    return { ok: false, error: ipcError };
  }
  if (options.validateOutput) {
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      const issues = issuesFromZodError(checked.error);
      options.log?.error(`${channel} answered outside its contract`, { issues });
      return errEnvelope(
        'invalid_output',
        `${channel} answered outside its contract: ${describeIssues(issues)}`,
      );
    }
    return okEnvelope(checked.data);
  }
  return okEnvelope(value);
}
