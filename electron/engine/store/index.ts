export { openStore, PRAGMAS } from './connection';
export { migrate, schemaVersion } from './migrate';
export type { Migration } from './migrate';
export { MIGRATIONS } from './migrations';
export { toFtsQuery } from './repos/fts-query';
export { LeaseLostError } from './repos/lease';
export type * from './store-api';
export * from './types';
