import { describe, expect, it } from 'vitest';
import { thumbWidthFor } from './thumb-width';

describe('thumbnail width', () => {
  it('asks for the cell size in device pixels, rounded up to a shared step', () => {
    expect(thumbWidthFor(184, 1)).toBe(256);
    expect(thumbWidthFor(184, 2)).toBe(384);
    expect(thumbWidthFor(250, 2)).toBe(512);
    expect(thumbWidthFor(96, 1)).toBe(128);
    expect(thumbWidthFor(10, 1)).toBe(128);
  });

  it('stays inside what main makes, whatever the screen reports', () => {
    expect(thumbWidthFor(900, 3)).toBe(1024);
    expect(thumbWidthFor(200, Number.NaN)).toBe(256);
    expect(thumbWidthFor(200, 0)).toBe(256);
  });
});
