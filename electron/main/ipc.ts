// Wires every contract channel to ipcMain.handle: the sender is checked first (our window,
// its top frame, our page), then dispatch() parses the input, runs the handler and answers
// the envelope. Events from the bus go to our windows only.
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES } from '../../shared/ipc/names';
import { errEnvelope } from '../../shared/ipc/envelope';
import { dispatch } from '../engine/api/dispatch';
import type { Handlers } from '../engine/api/dispatch';
import type { EventBus } from '../engine/api/event-bus';
import type { Logger } from '../engine/vault/redact';
import { isTrustedSender } from './sender-check';

export interface IpcWiring {
  handlers: Handlers;
  bus: EventBus;
  windows: () => BrowserWindow[];
  rendererUrl: string;
  validateOutput: boolean;
  log: Logger;
}

function senderInfo(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame ? frame.url : null,
    isTopFrame: frame !== null && frame.parent === null,
  };
}

export function wireIpc(wiring: IpcWiring): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      const ids = new Set(wiring.windows().map((window) => window.webContents.id));
      if (
        !isTrustedSender(senderInfo(event), {
          webContentsIds: ids,
          rendererUrl: wiring.rendererUrl,
        })
      ) {
        wiring.log.warn(`refused ${channel} from an untrusted sender`);
        return errEnvelope('forbidden', `${channel}: the caller is not Genloom's window`);
      }
      return dispatch(
        wiring.handlers,
        channel,
        input,
        { shell: 'electron' },
        {
          validateOutput: wiring.validateOutput,
          log: wiring.log,
        },
      );
    });
  }
  const unsubscribe = wiring.bus.subscribe((name, payload) => {
    for (const window of wiring.windows()) {
      if (!window.isDestroyed()) window.webContents.send(name, payload);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}
