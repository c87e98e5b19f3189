// The catalog's help and price texts name fields by their API keys (`enable_sequential`,
// "x num_images"). People read the labels they see on the form: this swaps the keys for them.
import type { ModelEntry } from '../../../../shared/catalog/types';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with the model's field keys written as their labels, in lower case. */
export function plainWords(entry: ModelEntry | undefined, text: string): string {
  if (entry === undefined) return text;
  let out = text;
  for (const field of entry.fields) {
    const label = field.label.toLowerCase();
    // "x n", "x num_images": a multiplier names its field, whatever the key looks like.
    out = out.replace(new RegExp(`\\bx ${escape(field.key)}\\b`, 'g'), `× ${label}`);
    // Keys with an underscore are never ordinary words; short ones ("n", "mode") may be.
    if (field.key.includes('_')) {
      out = out.replace(new RegExp(`\\b${escape(field.key)}\\b`, 'g'), label);
    }
  }
  return out;
}
