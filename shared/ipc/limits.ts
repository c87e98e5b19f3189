// Limits on what a caller may send, checked at every edge before anything recursive touches
// the data: zod (z.json() recurses), JSON.stringify and structured clone all overflow the stack
// on a value nested a few thousand levels deep, and one tiny message must not crash the engine.
// Both checks here are loops over an explicit stack, so they cannot overflow themselves.
import { errEnvelope } from './envelope';
import type { Envelope } from './envelope';

/** Deepest nesting of a channel's input (the input object itself is level 1). */
export const MAX_INPUT_DEPTH = 32;
/** Values (objects, arrays, strings, numbers...) in one input, shared references counted. */
export const MAX_INPUT_VALUES = 200_000;
/** Characters of text (strings and keys) in one input. */
export const MAX_INPUT_TEXT = 16 * 1024 * 1024;
/** A bridge message wraps the input one level deeper ({type, id, channel, input}). */
export const MAX_MESSAGE_DEPTH = MAX_INPUT_DEPTH + 1;
/** Bytes of one bridge message; larger frames are refused by the socket itself. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface LimitProblem {
  /** Dotted path of the value that broke the rule ('' for the input as a whole). */
  field: string;
  /** The rule, in words. */
  message: string;
}

export interface InputLimits {
  maxDepth: number;
  maxValues: number;
  maxText: number;
}

export const INPUT_LIMITS: InputLimits = {
  maxDepth: MAX_INPUT_DEPTH,
  maxValues: MAX_INPUT_VALUES,
  maxText: MAX_INPUT_TEXT,
};

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string;
}

/** Path segments shown in a field name; deeper ones are summarised as a count. */
const SHOWN_SEGMENTS = 8;

function fieldOf(frame: Frame): string {
  const keys: string[] = [];
  for (let at: Frame | null = frame; at !== null && at.parent !== null; at = at.parent) {
    keys.push(at.key);
  }
  keys.reverse();
  if (keys.length <= SHOWN_SEGMENTS) return keys.join('.');
  return `${keys.slice(0, SHOWN_SEGMENTS).join('.')}... (${keys.length - SHOWN_SEGMENTS} levels more)`;
}

function isContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  // Typed arrays and buffers (possible over Electron IPC) are flat bytes, not nesting.
  return !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

function tooMany(limits: InputLimits): LimitProblem {
  return {
    field: '',
    message: `must hold at most ${limits.maxValues} values (objects, lists, texts and numbers together)`,
  };
}

/**
 * The first limit an input breaks, or null. Walks the value once, without recursion; stops
 * at the first problem, so a cycle or a huge shared graph costs at most maxValues steps.
 */
export function inputLimitProblem(
  input: unknown,
  limits: InputLimits = INPUT_LIMITS,
): LimitProblem | null {
  const stack: Frame[] = [
    { value: input, depth: isContainer(input) ? 1 : 0, parent: null, key: '' },
  ];
  let values = 0;
  let text = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    values++;
    if (values > limits.maxValues) return tooMany(limits);
    const { value } = frame;
    if (typeof value === 'string') {
      text += value.length;
    } else if (isContainer(value)) {
      if (frame.depth > limits.maxDepth) {
        return {
          field: fieldOf(frame),
          message: `is nested too deep: at most ${limits.maxDepth} levels of objects and lists are allowed`,
        };
      }
      const keys = Array.isArray(value) ? null : Object.keys(value);
      const count = keys === null ? (value as unknown[]).length : keys.length;
      // Counted before anything is pushed: a list of millions fails here, not after a copy.
      if (values + stack.length + count > limits.maxValues) return tooMany(limits);
      for (let i = count - 1; i >= 0; i--) {
        const key = keys === null ? String(i) : (keys[i] as string);
        const child: unknown =
          keys === null ? (value as unknown[])[i] : (value as Record<string, unknown>)[key];
        if (keys !== null) text += key.length;
        const depth = isContainer(child) ? frame.depth + 1 : frame.depth;
        stack.push({ value: child, depth, parent: frame, key });
      }
    }
    if (text > limits.maxText) {
      return {
        field: fieldOf(frame),
        message: `holds too much text: at most ${limits.maxText} characters in one call are allowed`,
      };
    }
  }
  return null;
}

/** The refusal of a call whose input breaks a limit (preload and dispatch), or null. */
export function inputLimitRefusal(channel: string, input: unknown): Envelope<never> | null {
  const problem = inputLimitProblem(input);
  if (problem === null) return null;
  const where = problem.field === '' ? 'the input' : problem.field;
  return errEnvelope('invalid_input', `${channel}: ${where} ${problem.message}`, [
    { field: problem.field, message: problem.message },
  ]);
}

export interface MessageScan {
  /** The deepest nesting of objects and lists in the text. */
  depth: number;
  /** True when depth passed the limit (the scan still reads on, to find the id). */
  tooDeep: boolean;
  /** The top-level "id" when it is a plain whole number, so a refusal can be answered. */
  id: number | undefined;
}

const ID_NUMBER = /\s*:\s*(-?\d{1,16})\s*[,}]/y;

/** Index of the quote closing a string that starts at `from` (text.length when unclosed). */
function stringEnd(text: string, from: number): number {
  for (let at = text.indexOf('"', from); at !== -1; at = text.indexOf('"', at + 1)) {
    // Escaped when an odd number of backslashes precede it.
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return at;
  }
  return text.length;
}

/**
 * Reads the nesting depth of a JSON text and its top-level "id", character by character,
 * before JSON.parse builds anything. Not a validator: malformed text is left to JSON.parse.
 */
export function scanMessage(text: string, maxDepth: number = MAX_MESSAGE_DEPTH): MessageScan {
  let depth = 0;
  let deepest = 0;
  let id: number | undefined;
  // At depth 1 (the message object), the string after '{' or ',' is a key.
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const start = i + 1;
      i = stringEnd(text, start);
      if (depth === 1 && expectKey) {
        expectKey = false;
        if (id === undefined && text.slice(start, i) === 'id') {
          ID_NUMBER.lastIndex = i + 1;
          const match = ID_NUMBER.exec(text);
          if (match) id = Number(match[1]);
        }
      }
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      depth++;
      if (depth > deepest) deepest = depth;
      expectKey = depth === 1 && ch === 0x7b;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth--;
    } else if (ch === 0x2c /* , */ && depth === 1) {
      expectKey = true;
    }
  }
  return { depth: deepest, tooDeep: deepest > maxDepth, id };
}
