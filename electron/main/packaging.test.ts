// The packaged-app config (electron-builder.json) read as data: what gets built for whom, and
// that the native modules can load from outside the asar.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../electron.vite.config';

const root = path.resolve(__dirname, '..', '..');
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

const builder = readJson('electron-builder.json') as {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraMetadata: { main: string };
  mac: { target: string[] };
  win: { target: string[] };
  linux: { target: string[]; maintainer: string };
};
const pkg = readJson('package.json') as {
  main: string;
  type?: string;
  scripts: Record<string, string>;
};

describe('electron-builder config', () => {
  it("is valid against electron-builder's own schema", async () => {
    // app-builder-lib is electron-builder's engine; its validator is what `npm run dist` runs
    // first, so a config it refuses would only show up on a machine that can package.
    const { validateConfiguration } =
      (await import('app-builder-lib/out/util/config/config.js')) as {
        validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
      };
    const { DebugLogger } = (await import('builder-util')) as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    await expect(validateConfiguration(builder, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...builder, mac: { target: ['dmg'], bogus: 1 } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/configuration/);
    // Importing app-builder-lib alone takes ~3 s here, over 8 s on a busy 2-core machine.
  }, 30_000);

  it('names the app and builds dmg, nsis, AppImage and deb', () => {
    expect(builder.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(builder.productName).toBe('Genloom');
    expect(builder.mac.target).toEqual(['dmg']);
    expect(builder.win.target).toEqual(['nsis']);
    expect(builder.linux.target).toEqual(['AppImage', 'deb']);
    expect(builder.linux.maintainer).toMatch(/<.+@.+>/); // deb refuses a package without one
  });

  it('packs the build output into an asar with the native modules unpacked', () => {
    expect(builder.asar).toBe(true);
    expect(builder.files).toContain('out/**');
    for (const native of ['better-sqlite3', 'sharp', '@img']) {
      expect(builder.asarUnpack).toContain(`node_modules/${native}/**`);
    }
  });

  it('starts the app at the main bundle electron-vite writes', () => {
    expect(pkg.main).toBe('out/main/index.js');
    expect(builder.extraMetadata.main).toBe(pkg.main);
    const main = viteConfig as unknown as {
      main: { build: { outDir: string; rollupOptions: { input: Record<string, string> } } };
      preload: {
        build: { outDir: string; rollupOptions: { output: { format: string } } };
      };
    };
    expect(
      path.join(
        main.main.build.outDir,
        `${Object.keys(main.main.build.rollupOptions.input)[0]}.js`,
      ),
    ).toBe(path.normalize(pkg.main));
    // The sandboxed preload must be CommonJS, hence no "type": "module" in package.json.
    expect(main.preload.build.rollupOptions.output.format).toBe('cjs');
    expect(pkg.type).toBeUndefined();
  });

  it('rebuilds native modules for Electron only when packaging, never on npm install', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(pkg.scripts[hook]).toBeUndefined();
    }
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
  });
});
