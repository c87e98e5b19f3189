// App info, settings, provider keys, pickers and file scans. Provider channels answer only
// whether a key is set and how it is protected: no channel ever returns a key.
import os from 'node:os';
import path from 'node:path';
import { PROVIDER_IDS } from '../../../shared/catalog/types';
import { AppError } from '../../../shared/ipc/envelope';
import type { ProviderId } from '../../../shared/catalog/types';
import { checkOutputDir } from '../downloads/output-dir';
import { demoTestResult, statusWithLiveKey } from './demo-keys';
import type { Handlers } from './dispatch';
import { scanPaths } from './files-scan';
import type { ApiDeps } from './platform';
import { readSettings, writeSettings } from './settings-store';

type AppHandlers = Pick<
  Handlers,
  | 'app.info'
  | 'settings.get'
  | 'settings.set'
  | 'provider.status'
  | 'provider.setKey'
  | 'provider.setBaseUrl'
  | 'provider.clearKey'
  | 'provider.testKey'
  | 'dialog.pickFolder'
  | 'dialog.pickFiles'
  | 'files.scan'
  | 'files.checkOutputDir'
  | 'app.switchHistory'
>;

/** Time for the answer to app.switchHistory to reach the page before the shell restarts. */
const SWITCH_DELAY_MS = 150;

const NO_PICKER =
  'the browser bridge has no folder or file picker: type or paste the path, or drop the files';

export function createAppHandlers(deps: ApiDeps): AppHandlers {
  const { vault, platform } = deps;
  const settingsRepo = deps.engine.store.settings;
  const status = (provider: ProviderId) => statusWithLiveKey(vault, deps.demoKeys, provider);

  return {
    'app.info': () => ({
      name: 'Genloom',
      version: deps.version,
      shell: platform.shell,
      os: `${os.platform()} ${os.release()}`,
      demo: vault.isDemo(),
      home: deps.home,
      historyDir: deps.history.dir,
      otherHistory: deps.history.other,
      canSwitchHistory: platform.switchHistory !== undefined,
      canPick: platform.pickFolder !== undefined,
      keyProtection: vault.protection,
    }),
    'settings.get': () => readSettings(settingsRepo),
    'settings.set': (patch) => {
      const settings = writeSettings(settingsRepo, patch);
      if (settings.outputDir) deps.media.allow(settings.outputDir);
      // The whole map is replaced: a provider left out goes back to its default at once.
      if (patch.concurrency !== undefined) {
        for (const id of PROVIDER_IDS) {
          deps.engine.setConcurrency(id, settings.concurrency[id] ?? null);
        }
      }
      return settings;
    },
    'provider.status': () => ({
      providers: PROVIDER_IDS.map(status),
      demo: vault.isDemo(),
    }),
    // In demo mode the key is saved all the same; it is used once Genloom runs live.
    'provider.setKey': ({ provider, apiKey, baseUrl }) => {
      vault.setKey(provider, apiKey, baseUrl ?? null);
      if (!vault.isDemo()) deps.engine.reloadProviders();
      return status(provider);
    },
    'provider.setBaseUrl': ({ provider, baseUrl }) => {
      vault.setBaseUrl(provider, baseUrl === '' ? null : baseUrl);
      if (!vault.isDemo()) deps.engine.reloadProviders();
      return status(provider);
    },
    'provider.clearKey': ({ provider }) => {
      vault.clearKey(provider);
      if (!vault.isDemo()) deps.engine.reloadProviders();
      return status(provider);
    },
    'provider.testKey': async ({ provider, apiKey, baseUrl }) => {
      const configured = vault.resolve(provider);
      const key = apiKey ?? configured?.apiKey;
      if (!key) {
        throw new AppError(
          'not_available',
          `provider: no ${provider} key is set; give apiKey to test one`,
        );
      }
      const savedUrl = configured?.baseUrl ?? vault.status(provider).baseUrl;
      // The saved key goes only where it was saved for: never to a URL the caller names.
      if (
        apiKey === undefined &&
        baseUrl !== undefined &&
        baseUrl.replace(/\/+$/, '') !== savedUrl
      ) {
        throw new AppError(
          'invalid_input',
          'baseUrl: a different base URL can only be tested together with the apiKey for it',
          [{ field: 'baseUrl', message: 'can only be changed together with apiKey' }],
        );
      }
      // Demo mode tests against the simulator only: nothing leaves this machine.
      const url = deps.demoKeys ? savedUrl : (baseUrl ?? savedUrl);
      const result = await deps.testKey(provider, { apiKey: key, baseUrl: url });
      return deps.demoKeys ? demoTestResult(provider, result) : result;
    },
    'dialog.pickFolder': async ({ title }) => {
      if (!platform.pickFolder) throw new AppError('not_available', NO_PICKER);
      const picked = await platform.pickFolder(title);
      if (picked) deps.media.allow(picked);
      return { path: picked };
    },
    'dialog.pickFiles': async ({ title, multiple }) => {
      if (!platform.pickFiles) throw new AppError('not_available', NO_PICKER);
      const paths = await platform.pickFiles({ title, multiple });
      for (const file of paths) deps.media.allow(file);
      return { paths };
    },
    'files.scan': async (request) => {
      const result = await scanPaths(request);
      for (const root of result.roots) deps.media.allow(root);
      return { files: result.files, skipped: result.skipped, truncated: result.truncated };
    },
    'files.checkOutputDir': async ({ dir }) => {
      // '' is what a batch with no folder uses: the default from Settings, else the engine's.
      const chosen =
        dir === '' ? (readSettings(settingsRepo).outputDir ?? deps.engine.defaultOutputDir()) : dir;
      const used = path.isAbsolute(chosen) ? path.resolve(chosen) : chosen;
      const issues = await checkOutputDir(used);
      return { ok: issues.length === 0, dir: used, issues };
    },
    'app.switchHistory': ({ demo }) => {
      const { switchHistory } = platform;
      if (!switchHistory) {
        throw new AppError(
          'not_available',
          `this window cannot restart Genloom: quit and start it again${demo ? ' with --demo' : ''}`,
        );
      }
      // The answer goes out first; the shell then closes this connection and starts again.
      setTimeout(() => switchHistory(demo), SWITCH_DELAY_MS);
      return { done: true, demo };
    },
  };
}
