// The arithmetic of the virtual grid, kept pure so it is tested without a DOM.

export interface GridLayout {
  columns: number;
  cellWidth: number;
  cellHeight: number;
  rowHeight: number;
  rows: number;
  totalHeight: number;
  gap: number;
}

export interface GridOptions {
  /** Cells grow to fill the row but never shrink under this width. */
  minCellWidth: number;
  /** Media area height / width (1 = square thumbnails). */
  aspect: number;
  /** Fixed height under the media (caption). */
  footerHeight: number;
  gap: number;
  padding: number;
}

/** Fits as many columns of at least minCellWidth as the width allows; every cell the same size. */
export function gridLayout(width: number, itemCount: number, options: GridOptions): GridLayout {
  const { minCellWidth, aspect, footerHeight, gap, padding } = options;
  const inner = Math.max(0, width - padding * 2);
  const columns = Math.max(1, Math.floor((inner + gap) / (minCellWidth + gap)));
  const cellWidth = Math.max(1, Math.floor((inner - gap * (columns - 1)) / columns));
  const cellHeight = Math.round(cellWidth * aspect) + footerHeight;
  const rowHeight = cellHeight + gap;
  const rows = Math.ceil(itemCount / columns);
  const totalHeight = rows === 0 ? 0 : rows * rowHeight - gap + padding * 2;
  return { columns, cellWidth, cellHeight, rowHeight, rows, totalHeight, gap };
}

export interface VisibleRange {
  firstRow: number;
  lastRow: number;
  /** First item index to render (inclusive). */
  start: number;
  /** Last item index to render (exclusive). */
  end: number;
}

/** The rows that intersect the viewport, plus `overscan` rows either side, clamped. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  layout: GridLayout,
  itemCount: number,
  overscan: number,
  padding: number,
): VisibleRange {
  if (itemCount === 0 || layout.rows === 0) return { firstRow: 0, lastRow: -1, start: 0, end: 0 };
  const top = Math.max(0, scrollTop - padding);
  const firstVisible = Math.floor(top / layout.rowHeight);
  const lastVisible = Math.floor((top + Math.max(0, viewportHeight)) / layout.rowHeight);
  const firstRow = Math.max(0, firstVisible - overscan);
  const lastRow = Math.min(layout.rows - 1, lastVisible + overscan);
  return {
    firstRow,
    lastRow,
    start: firstRow * layout.columns,
    end: Math.min(itemCount, (lastRow + 1) * layout.columns),
  };
}

/** Top-left of the cell at `index`, relative to the scroll content. */
export function cellPosition(
  index: number,
  layout: GridLayout,
  padding: number,
): { x: number; y: number } {
  const row = Math.floor(index / layout.columns);
  const column = index % layout.columns;
  return {
    x: padding + column * (layout.cellWidth + layout.gap),
    y: padding + row * layout.rowHeight,
  };
}

/** The scrollTop that brings `index` fully into view, or null when it already is. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  layout: GridLayout,
  padding: number,
): number | null {
  const { y } = cellPosition(index, layout, padding);
  if (y < scrollTop) return Math.max(0, y - padding);
  const bottom = y + layout.cellHeight;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight + padding;
  return null;
}

/** Moves a keyboard cursor in the grid (arrows, Home/End, PageUp/PageDown). */
export function moveIndex(
  index: number,
  key: string,
  layout: GridLayout,
  itemCount: number,
  pageRows: number,
): number | null {
  if (itemCount === 0) return null;
  const last = itemCount - 1;
  const c = layout.columns;
  const page = Math.max(1, pageRows) * c;
  const target: Record<string, number> = {
    ArrowRight: index + 1,
    ArrowLeft: index - 1,
    ArrowDown: index + c,
    ArrowUp: index - c,
    PageDown: index + page,
    PageUp: index - page,
    Home: 0,
    End: last,
  };
  const next = target[key];
  if (next === undefined) return null;
  return Math.min(last, Math.max(0, next));
}

/**
 * How many cells the grid keeps mounted for a viewport: the most rows visibleRange can return
 * (a partial row at each edge plus the overscan) times the columns. The grid recycles these.
 */
export function slotCount(viewportHeight: number, layout: GridLayout, overscan: number): number {
  const rowsInView = Math.floor(Math.max(0, viewportHeight) / Math.max(1, layout.rowHeight));
  return (rowsInView + 2 + 2 * Math.max(0, overscan)) * layout.columns;
}

/**
 * The item the cell slot `slot` shows for the range [start, end), or null when it shows none.
 * An index always lands in slot `index % slots`, so while the range moves an item keeps its
 * slot (its DOM node) and only the slots whose item left the range take a new one: scrolling
 * rewrites a row of cells in place instead of removing it and creating another.
 * Needs end - start <= slots (else two items would share a slot).
 */
export function slotIndex(slot: number, start: number, end: number, slots: number): number | null {
  if (slots < 1 || slot < 0 || slot >= slots) return null;
  const index = start + ((((slot - start) % slots) + slots) % slots);
  return index < end ? index : null;
}

/**
 * The items to render when `slots` cells are kept: [start, end) widened to exactly `slots`
 * items (fewer only when the list is shorter), so every slot always shows one. A slot left
 * empty would be unmounted and mounted again as the range moves, the churn recycling avoids.
 */
export function slotRange(
  start: number,
  end: number,
  itemCount: number,
  slots: number,
): { start: number; end: number } {
  if (end <= start || itemCount <= 0) return { start: 0, end: 0 };
  const size = Math.max(slots, end - start);
  const first = Math.max(0, Math.min(start, itemCount - size));
  return { start: first, end: Math.min(itemCount, first + size) };
}
