// Idempotency keys: one per submit attempt. A retry is a new attempt with a new key (PoYo would
// answer an old key with the old task); a resume of the same attempt keeps its key.
import { randomUUID } from 'node:crypto';

export function newIdempotencyKey(): string {
  return `genloom-${randomUUID()}`;
}
