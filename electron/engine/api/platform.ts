// What differs between the desktop shell and the browser bridge. Handlers ask for a
// capability; where a shell has none (the bridge has no native pickers), the channel answers
// `not_available` with a message saying what to do instead.
import type { ProviderId } from '../../../shared/catalog/types';
import type { MediaGuard } from '../media-guard';
import type { ProviderConfig } from '../providers/types';
import type { KeyVault } from '../vault/vault';
import type { Logger } from '../vault/redact';
import type { DemoConfigs } from './demo-keys';
import type { EnginePort } from './engine-port';
import type { OtherHistory } from './histories';

export interface Platform {
  shell: 'electron' | 'bridge';
  pickFolder?(title: string | undefined): Promise<string | null>;
  pickFiles?(options: { title: string | undefined; multiple: boolean }): Promise<string[]>;
  openPath?(path: string): Promise<void>;
  showInFolder?(path: string): void;
  /**
   * Starts Genloom again on the demo or the live history. Called after the answer to
   * app.switchHistory is on its way; absent where the shell cannot restart itself.
   */
  switchHistory?(demo: boolean): void;
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
  /** Demo mode: the simulator's configs the vault hands out in place of saved keys. */
  demoKeys: DemoConfigs | null;
  /** The history open now (its folder) and what the other mode's history holds. */
  history: { dir: string; other: OtherHistory | null };
  version: string;
  log: Logger;
  /** Tries a key against the provider (or the simulator in demo mode). */
  testKey(provider: ProviderId, config: ProviderConfig): Promise<KeyTestResult>;
}
