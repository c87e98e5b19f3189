// What differs between the desktop shell and the browser bridge. Handlers ask for a
// capability; where a shell has none (the bridge has no native pickers), the channel answers
// `not_available` with a message saying what to do instead.
import type { ProviderId } from '../../../shared/catalog/types';
import type { MediaGuard } from '../media-guard';
import type { ProviderConfig } from '../providers/types';
import type { KeyVault } from '../vault/vault';
import type { Logger } from '../vault/redact';
import type { EnginePort } from './engine-port';

export interface Platform {
  shell: 'electron' | 'bridge';
  pickFolder?(title: string | undefined): Promise<string | null>;
  pickFiles?(options: { title: string | undefined; multiple: boolean }): Promise<string[]>;
  openPath?(path: string): Promise<void>;
  showInFolder?(path: string): void;
  /** Shows an OS notification where there is one; the bus tells the page either way. */
  notify(title: string, body: string): void;
}

export interface KeyTestResult {
  working: boolean;
  message: string;
}

export interface ApiDeps {
  engine: EnginePort;
  platform: Platform;
  vault: KeyVault;
  media: MediaGuard;
  home: string;
  version: string;
  log: Logger;
  /** Tries a key against the provider (or the simulator in demo mode). */
  testKey(provider: ProviderId, config: ProviderConfig): Promise<KeyTestResult>;
}
