// The channel and event names alone, without their schemas: the preload's allowlists. The
// contract and the events map are checked against these lists at compile time (`satisfies`),
// so a name cannot be added to one without the other.

export const CHANNEL_NAMES = [
  'app.info',
  'catalog.list',
  'catalog.validate',
  'batch.dryRun',
  'batch.create',
  'batch.pause',
  'batch.resume',
  'batch.cancel',
  'batch.retryFailed',
  'task.resolveUnknown',
  'batch.list',
  'batch.get',
  'task.list',
  'history.search',
  'output.get',
  'output.open',
  'output.showInFolder',
  'settings.get',
  'settings.set',
  'provider.status',
  'provider.setKey',
  'provider.clearKey',
  'provider.testKey',
  'dialog.pickFolder',
  'dialog.pickFiles',
  'files.scan',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = [
  'task.updated',
  'batch.updated',
  'output.downloaded',
  'notification.shown',
] as const;
export type EventNameOnly = (typeof EVENT_NAMES)[number];

/** What the preload exposes as window.genloom: invoke and on, nothing else. */
export interface GenloomPreloadApi {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
