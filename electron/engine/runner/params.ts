// Text values (CLI --set, CSV cells) turned into the types a model's fields take, guided by the
// catalog's field hints, so `n=2` is the number 2 and `size=1024x1024` stays text. A value that
// does not fit is passed on as text: the catalog then names the field and the rule it breaks.
import type { ModelEntry } from '../../../shared/catalog/types';

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function tryJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function coerceParam(entry: ModelEntry | undefined, key: string, raw: string): unknown {
  const text = raw.trim();
  const hint = entry?.fields.find((f) => f.key === key);
  switch (hint?.control) {
    case 'integer':
    case 'number':
      return NUMBER.test(text) ? Number(text) : raw;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(lower)) return true;
      if (['false', 'no', 'off', '0'].includes(lower)) return false;
      return raw;
    }
    case 'select': {
      const numeric = hint.options?.some((o) => typeof o === 'number') ?? false;
      return numeric && NUMBER.test(text) ? Number(text) : raw;
    }
    case 'images':
      if (text.startsWith('[')) return tryJson(text);
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    case 'size':
    case 'json':
      return text.startsWith('{') || text.startsWith('[') ? tryJson(text) : raw;
    case 'text':
    case 'textarea':
      return raw;
    default:
      // Not in the catalog's hints: numbers, booleans and JSON by their look, else text.
      if (NUMBER.test(text)) return Number(text);
      if (text === 'true' || text === 'false') return text === 'true';
      if (text.startsWith('{') || text.startsWith('[')) return tryJson(text);
      return raw;
  }
}
