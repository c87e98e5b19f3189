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
  'history.window',
  'history.tasks',
  'output.get',
  'output.open',
  'output.showInFolder',
  'settings.get',
  'settings.set',
  'provider.status',
  'provider.setKey',
  'provider.setBaseUrl',
  'provider.clearKey',
  'provider.testKey',
  'dialog.pickFolder',
  'dialog.pickFiles',
  'files.scan',
  'files.checkOutputDir',
  'app.switchHistory',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = [
  'task.updated',
  'batch.updated',
  'output.downloaded',
  'notification.shown',
] as const;
export type EventNameOnly = (typeof EVENT_NAMES)[number];

/**
 * A dropped file as the page holds it. Structural, so this pure module needs no DOM types: in
 * the page it is a DOM File.
 */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/** What the preload exposes as window.genloom: invoke, on, and pathForFile, nothing else. */
export interface GenloomPreloadApi {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /**
   * The absolute path of a file the user dropped on the window ('' when it has none, e.g. a
   * file dragged from a browser). Only the user's own gesture yields a File to ask about.
   */
  pathForFile(file: DroppedFile): string;
}
