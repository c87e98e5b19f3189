import { describe, expect, it } from 'vitest';
import { genloomHome } from './paths';

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
