import { describe, expect, it } from 'vitest';
import { absoluteFolder, genloomHome } from './paths';

describe('genloomHome', () => {
  it('uses each platform’s user data folder', () => {
    expect(genloomHome({ env: {}, platform: 'darwin', homedir: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/Genloom',
    );
    expect(
      genloomHome({
        env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' },
        platform: 'win32',
        homedir: 'C:\\Users\\ann',
      }),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\Genloom');
    expect(genloomHome({ env: {}, platform: 'linux', homedir: '/home/ann' })).toBe(
      '/home/ann/.config/Genloom',
    );
    expect(
      genloomHome({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux', homedir: '/home/ann' }),
    ).toBe('/cfg/Genloom');
  });

  it('ignores a relative XDG_CONFIG_HOME, and GENLOOM_HOME overrides everything', () => {
    expect(
      genloomHome({ env: { XDG_CONFIG_HOME: 'rel' }, platform: 'linux', homedir: '/home/ann' }),
    ).toBe('/home/ann/.config/Genloom');
    expect(
      genloomHome({ env: { GENLOOM_HOME: '/data/gl' }, platform: 'darwin', homedir: '/Users/a' }),
    ).toBe('/data/gl');
  });
});

describe('absoluteFolder', () => {
  it('resolves a relative folder against the base the caller names, not silently', () => {
    expect(absoluteFolder('out', { base: '/work', homedir: '/home/ann' })).toBe('/work/out');
    expect(absoluteFolder('../x/./y', { base: '/work/a', homedir: '/home/ann' })).toBe('/work/x/y');
    expect(absoluteFolder('/abs/out/', { base: '/work', homedir: '/home/ann' })).toBe('/abs/out');
  });

  it('expands ~ the way a shell would (a spec file is not read by a shell)', () => {
    expect(absoluteFolder('~', { base: '/work', homedir: '/home/ann' })).toBe('/home/ann');
    expect(absoluteFolder('~/Pictures/out', { base: '/work', homedir: '/home/ann' })).toBe(
      '/home/ann/Pictures/out',
    );
    // ~user is not expanded: it stays a folder named that way under the base.
    expect(absoluteFolder('~bob/x', { base: '/work', homedir: '/home/ann' })).toBe('/work/~bob/x');
  });
});
