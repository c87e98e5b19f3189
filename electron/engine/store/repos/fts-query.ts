/**
 * Turns whatever a user typed into a safe FTS5 MATCH expression. User text never reaches
 * FTS5 syntax: each word becomes a quoted phrase (so `"`, `*`, `-`, `:`, `(`, AND, OR, NOT,
 * NEAR are plain text), matched as a prefix, and the words are ANDed.
 *
 * Characters that the unicode61 tokenizer would split on anyway (punctuation, `_`, `.`) are
 * turned into spaces inside the phrase, so `cat_01.png` matches the tokens cat, 01, png in
 * that order. Returns null when no searchable word is left (the text filter is then skipped).
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/\s+/u)
    .map((w) => w.replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim())
    .filter((w) => w.length > 0)
    .slice(0, 32);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}
