/** A copy of `record` without `key` (immutable updates for stores). */
export function omit<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}
