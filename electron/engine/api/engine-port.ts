// What the API layer needs from the engine. Reads go to the store's repositories directly
// (one owner of the rows-to-views mapping, views.ts); actions go through the engine facade.
import type { Currency, ProviderId } from '../../../shared/catalog/types';
import type { OutputDownloaded, TaskUpdate } from '../../../shared/ipc/events';
import type { BatchSpec } from '../../../shared/schemas/batch';
import type { Store } from '../store/store-api';

export interface DryRunPort {
  tasks: number;
  estimatedCost: number | null;
  currency: Currency;
  /** How one task is priced, in words ("4.2 credits x 1 image"). */
  costBasis: string;
  issues: { field: string; message: string }[];
  sample: { prompt: string; params: Record<string, unknown>; inputs: string[] }[];
}

export interface EnginePort {
  readonly store: Store;
  dryRun(spec: BatchSpec): Promise<DryRunPort>;
  createBatch(spec: BatchSpec): Promise<{ batchId: string; tasks: number }>;
  pause(batchId: string): Promise<void>;
  resume(batchId: string): Promise<void>;
  cancel(batchId: string): Promise<void>;
  /** Returns how many failed tasks went back to the queue. */
  retryFailed(batchId: string): Promise<number>;
  resolveUnknown(taskId: string, action: 'resubmit' | 'drop'): Promise<void>;
  /** Expected finish time of a batch (Unix ms), when the engine can tell. */
  eta(batchId: string): number | null;
  /** Default output folder for batches that name none. */
  defaultOutputDir(): string;
  onTask(listener: (update: TaskUpdate) => void): () => void;
  onOutput(listener: (output: OutputDownloaded) => void): () => void;
  onBatch(listener: (batchId: string) => void): () => void;
  /** In-flight tasks for a provider from the next submit on; null: the default. */
  setConcurrency(provider: ProviderId, limit: number | null): void;
  /** Rebuilds provider clients after a key or base URL changed. */
  reloadProviders(): void;
  /**
   * Picks up tasks left active by a previous run (never resubmits an unknown one). While
   * another process drives the database it throws 'db_busy' and resumes once that one ends.
   */
  resumeAll(): Promise<void>;
  close(): Promise<void>;
}
