// Prompt templates: {a|b} alternatives expand into one prompt each (every combination of every
// group), {file} and {folder} name the input image. `\{`, `\}`, `\|` and `\\` are literal.

/** Variables a template may use; anything else in braces without a `|` is refused. */
export const TEMPLATE_VARIABLES = ['file', 'folder'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** One template may expand into at most this many prompts; beyond it a typo is likelier. */
export const MAX_ALTERNATIVES = 10_000;

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: TemplateVariable }
  | { kind: 'alt'; options: string[] };

export interface ParsedTemplate {
  pieces: Piece[];
  variables: ReadonlySet<TemplateVariable>;
  /** How many prompts the alternatives produce. */
  count: number;
}

export type TemplateResult<T> = { ok: true; value: T } | { ok: false; message: string };

function isVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** Parses a template; the message names the rule and the character position (1-based). */
export function parseTemplate(template: string): TemplateResult<ParsedTemplate> {
  const pieces: Piece[] = [];
  const variables = new Set<TemplateVariable>();
  let text = '';
  let count = 1;
  const flush = (): void => {
    if (text !== '') pieces.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch === '\\' && i + 1 < template.length && '{}|\\'.includes(template[i + 1] as string)) {
      text += template[i + 1];
      i += 2;
      continue;
    }
    if (ch === '}') {
      return {
        ok: false,
        message: `has a '}' at character ${i + 1} with no '{' before it (write \\} for a literal brace)`,
      };
    }
    if (ch !== '{') {
      text += ch;
      i++;
      continue;
    }
    const group = readGroup(template, i);
    if (!group.ok) return group;
    flush();
    const { options, end } = group.value;
    if (options.length === 1) {
      const name = (options[0] as string).trim();
      if (!isVariable(name)) {
        return {
          ok: false,
          message: `uses {${name}} at character ${i + 1}, which is not a variable: use {file} or {folder}, {a|b} for alternatives, or \\{ for a literal brace`,
        };
      }
      variables.add(name);
      pieces.push({ kind: 'var', name });
    } else {
      count *= options.length;
      if (count > MAX_ALTERNATIVES) {
        return {
          ok: false,
          message: `expands into more than ${MAX_ALTERNATIVES} prompts through its {a|b} alternatives`,
        };
      }
      pieces.push({ kind: 'alt', options });
    }
    i = end + 1;
  }
  flush();
  return { ok: true, value: { pieces, variables, count } };
}

/** Reads `{...}` starting at `start`; options split on unescaped `|`. */
function readGroup(
  template: string,
  start: number,
): TemplateResult<{ options: string[]; end: number }> {
  const options: string[] = [];
  let current = '';
  for (let j = start + 1; j < template.length; j++) {
    const ch = template[j] as string;
    if (ch === '\\' && j + 1 < template.length && '{}|\\'.includes(template[j + 1] as string)) {
      current += template[j + 1];
      j++;
    } else if (ch === '{') {
      return {
        ok: false,
        message: `has a '{' inside another at character ${j + 1}: alternatives cannot be nested`,
      };
    } else if (ch === '|') {
      options.push(current);
      current = '';
    } else if (ch === '}') {
      options.push(current);
      return { ok: true, value: { options, end: j } };
    } else {
      current += ch;
    }
  }
  return {
    ok: false,
    message: `has a '{' at character ${start + 1} that is never closed (write \\{ for a literal brace)`,
  };
}

export interface TemplateContext {
  /** File name of the input image without its extension. */
  file?: string;
  /** Name of the folder that holds the input image. */
  folder?: string;
}

/**
 * Every prompt the template yields for one input, alternatives in reading order (the first
 * group varies slowest). Fails when a variable has no value (no input image).
 */
export function renderTemplate(
  parsed: ParsedTemplate,
  ctx: TemplateContext,
): TemplateResult<string[]> {
  for (const name of parsed.variables) {
    if (ctx[name] === undefined) {
      return {
        ok: false,
        message: `uses {${name}}, which needs an input image, but this batch has none`,
      };
    }
  }
  let results = [''];
  for (const piece of parsed.pieces) {
    if (piece.kind === 'text') {
      results = results.map((r) => r + piece.text);
    } else if (piece.kind === 'var') {
      const value = ctx[piece.name] as string;
      results = results.map((r) => r + value);
    } else {
      const next: string[] = [];
      for (const r of results) for (const option of piece.options) next.push(r + option);
      results = next;
    }
  }
  if (parsed.count === 1) return { ok: true, value: results };
  // Alternatives like "{a |}" leave doubled or trailing spaces; a prompt should not carry them.
  return { ok: true, value: results.map((r) => r.replace(/[ \t]{2,}/g, ' ').trim()) };
}

/** The context for an input at `relPath` (forward slashes) under a root folder named `rootName`. */
export function contextFor(relPath: string, rootName: string): TemplateContext {
  const parts = relPath.split('/');
  const base = parts[parts.length - 1] ?? relPath;
  const dot = base.lastIndexOf('.');
  const file = dot > 0 ? base.slice(0, dot) : base;
  const folder = parts.length > 1 ? (parts[parts.length - 2] as string) : rootName;
  return { file, folder };
}
