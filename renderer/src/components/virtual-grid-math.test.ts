import { describe, expect, it } from 'vitest';
import {
  cellPosition,
  gridLayout,
  moveIndex,
  scrollToReveal,
  slotCount,
  slotIndex,
  slotRange,
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

describe('slotCount and slotIndex (cell recycling)', () => {
  const layout = gridLayout(1000, 100_000, OPTIONS);

  it('has a slot for every cell of any range the viewport can show', () => {
    const height = 700;
    const slots = slotCount(height, layout, 2);
    for (let scrollTop = 0; scrollTop < 20 * layout.rowHeight; scrollTop += 7) {
      const range = visibleRange(scrollTop, height, layout, 100_000, 2, 10);
      expect(range.end - range.start).toBeLessThanOrEqual(slots);
    }
  });

  it('shows each index of the range in exactly one slot, and leaves the other slots empty', () => {
    const slots = 12;
    const shown: number[] = [];
    let empty = 0;
    for (let slot = 0; slot < slots; slot++) {
      const index = slotIndex(slot, 25, 34, slots);
      if (index === null) empty += 1;
      else shown.push(index);
    }
    expect(shown.sort((a, b) => a - b)).toEqual([25, 26, 27, 28, 29, 30, 31, 32, 33]);
    expect(empty).toBe(3);
  });

  it('keeps an item in the same slot while the range moves, so its cell is reused', () => {
    const slots = 20;
    const slotOf = (index: number, start: number, end: number) => {
      for (let slot = 0; slot < slots; slot++)
        if (slotIndex(slot, start, end, slots) === index) return slot;
      return null;
    };
    // Scrolling down a row of 4: items 44..59 stay in range and in their slots.
    for (let index = 44; index < 60; index++) {
      expect(slotOf(index, 44, 64)).toBe(slotOf(index, 40, 60));
    }
    // The row that left (40..43) hands its slots to the row that came in (60..63).
    expect(slotOf(40, 44, 64)).toBeNull();
    expect(slotOf(60, 44, 64)).toBe(slotOf(40, 40, 60));
    expect(slotOf(63, 44, 64)).toBe(slotOf(43, 40, 60));
  });

  it('shows nothing for slots out of bounds or with no slots at all', () => {
    expect(slotIndex(5, 0, 10, 0)).toBeNull();
    expect(slotIndex(-1, 0, 10, 10)).toBeNull();
    expect(slotIndex(10, 0, 10, 10)).toBeNull();
    expect(slotIndex(0, 0, 0, 10)).toBeNull();
  });
});

describe('slotRange', () => {
  it('widens the range to fill every slot, and keeps what was asked for inside', () => {
    expect(slotRange(40, 90, 1000, 56)).toEqual({ start: 40, end: 96 });
    // At the end of the list it widens upwards instead.
    expect(slotRange(970, 1000, 1000, 56)).toEqual({ start: 944, end: 1000 });
  });

  it('renders what there is when the list is shorter than the slots', () => {
    expect(slotRange(0, 8, 8, 56)).toEqual({ start: 0, end: 8 });
    expect(slotRange(0, 0, 0, 56)).toEqual({ start: 0, end: 0 });
  });

  it('never cuts the asked range when it outgrows the slots', () => {
    expect(slotRange(100, 200, 1000, 56)).toEqual({ start: 100, end: 200 });
  });

  it('moves all slots but one row: scrolling a row down reuses every other cell', () => {
    const slots = 20;
    const before = slotRange(40, 56, 1000, slots);
    const after = slotRange(44, 60, 1000, slots);
    const indexes = (range: { start: number; end: number }) =>
      Array.from({ length: slots }, (_, slot) => slotIndex(slot, range.start, range.end, slots));
    const changed = indexes(before).filter((index, slot) => indexes(after)[slot] !== index);
    expect(changed).toEqual([40, 41, 42, 43]);
    expect(indexes(after).every((index) => index !== null)).toBe(true);
  });
});
