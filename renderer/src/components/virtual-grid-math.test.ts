import { describe, expect, it } from 'vitest';
import {
  cellPosition,
  gridLayout,
  moveIndex,
  scrollToReveal,
  visibleRange,
} from './virtual-grid-math';

const OPTIONS = { minCellWidth: 100, aspect: 1, footerHeight: 20, gap: 10, padding: 10 };

describe('gridLayout', () => {
  it('fits as many columns as the width allows and stretches cells to fill the row', () => {
    // 1000 - 2*10 padding = 980 inner; (980 + 10) / 110 = 9 columns.
    const layout = gridLayout(1000, 100, OPTIONS);
    expect(layout.columns).toBe(9);
    expect(layout.cellWidth).toBe(Math.floor((980 - 8 * 10) / 9));
    expect(layout.cellHeight).toBe(layout.cellWidth + 20);
    expect(layout.rows).toBe(12);
    expect(layout.totalHeight).toBe(12 * layout.rowHeight - 10 + 20);
  });

  it('keeps one column when the width is below one cell, and has no height when empty', () => {
    expect(gridLayout(50, 3, OPTIONS).columns).toBe(1);
    expect(gridLayout(1000, 0, OPTIONS).totalHeight).toBe(0);
  });
});

describe('visibleRange', () => {
  const layout = gridLayout(1000, 100_000, OPTIONS);

  it('renders only the rows in view plus the overscan, at any depth', () => {
    const top = 5000 * layout.rowHeight;
    const range = visibleRange(top, 600, layout, 100_000, 2, 10);
    const rowsInView = Math.floor(600 / layout.rowHeight) + 1;
    expect(range.lastRow - range.firstRow + 1).toBeLessThanOrEqual(rowsInView + 1 + 4);
    expect(range.start).toBe(range.firstRow * layout.columns);
    expect(range.firstRow).toBeGreaterThan(4990);
    expect(range.end - range.start).toBeLessThan(100);
  });

  it('clamps at the start and at the end of the list', () => {
    const first = visibleRange(0, 600, layout, 100_000, 3, 10);
    expect(first.firstRow).toBe(0);
    const last = visibleRange(layout.totalHeight, 600, layout, 100_000, 3, 10);
    expect(last.lastRow).toBe(layout.rows - 1);
    expect(last.end).toBe(100_000);
  });

  it('renders nothing for an empty list', () => {
    expect(visibleRange(0, 600, gridLayout(1000, 0, OPTIONS), 0, 3, 10)).toEqual({
      firstRow: 0,
      lastRow: -1,
      start: 0,
      end: 0,
    });
  });
});

describe('keyboard movement and reveal', () => {
  const layout = gridLayout(1000, 50, OPTIONS);

  it('moves by cell, by row and to the ends, clamped to the list', () => {
    expect(moveIndex(0, 'ArrowRight', layout, 50, 3)).toBe(1);
    expect(moveIndex(0, 'ArrowLeft', layout, 50, 3)).toBe(0);
    expect(moveIndex(2, 'ArrowDown', layout, 50, 3)).toBe(2 + layout.columns);
    expect(moveIndex(45, 'ArrowDown', layout, 50, 3)).toBe(49);
    expect(moveIndex(10, 'End', layout, 50, 3)).toBe(49);
    expect(moveIndex(10, 'Home', layout, 50, 3)).toBe(0);
    expect(moveIndex(10, 'x', layout, 50, 3)).toBeNull();
  });

  it('scrolls just enough to show a cell below or above the view, and not when it shows', () => {
    const below = 4 * layout.columns;
    const { y } = cellPosition(below, layout, 10);
    expect(scrollToReveal(below, 0, 300, layout, 10)).toBe(y + layout.cellHeight - 300 + 10);
    expect(scrollToReveal(0, 0, 300, layout, 10)).toBeNull();
    expect(scrollToReveal(0, 500, 300, layout, 10)).toBe(0);
  });
});
