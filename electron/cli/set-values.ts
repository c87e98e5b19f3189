// `--set key=value`, shared by `validate` and `run` so both read a value the same way (a public
// contract): JSON when it parses (n=2, size={"width":1280,"height":720}), else the text itself.
import type { ValidationIssue } from '../../shared/catalog/types';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseSetValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Splits the pairs into key -> raw text, in order; malformed and repeated keys are issues. */
export function readSetPairs(pairs: readonly string[]): {
  values: Map<string, string>;
  issues: ValidationIssue[];
} {
  // A Map, not an object: a key such as "__proto__" stays a plain (unknown) field.
  const values = new Map<string, string>();
  const issues: ValidationIssue[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (eq === -1 || !KEY.test(key)) {
      issues.push({
        field: '--set',
        message: `expected key=value with a field name as key (got ${JSON.stringify(pair)})`,
      });
    } else if (values.has(key)) {
      issues.push({ field: key, message: 'is set more than once; give it once' });
    } else {
      values.set(key, pair.slice(eq + 1));
    }
  }
  return { values, issues };
}
