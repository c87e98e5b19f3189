import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
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
import type { GridLayout, GridOptions } from './virtual-grid-math';

export interface VirtualGridProps {
  itemCount: number;
  options?: Partial<GridOptions>;
  /** Rows rendered beyond the viewport on each side. */
  overscan?: number;
  renderCell: (index: number, layout: GridLayout) => ReactNode;
  /** Called (at most once per frame) when the rendered range changes: load those items. */
  onRangeChange?: (start: number, end: number) => void;
  /** The keyboard cursor; the grid scrolls it into view. */
  activeIndex?: number | null;
  onActiveIndexChange?: (index: number) => void;
  /** Enter / Space on the active cell. */
  onActivate?: (index: number) => void;
  label: string;
  testId?: string;
  /**
   * The DOM id renderCell gives the cell at an index: screen readers then announce the
   * keyboard cursor as it moves (aria-activedescendant), though focus stays on the grid.
   */
  cellId?: (index: number) => string;
}

const DEFAULTS: GridOptions = {
  minCellWidth: 176,
  aspect: 1,
  footerHeight: 44,
  gap: 12,
  padding: 16,
};

/**
 * A grid of fixed-size cells that renders only the rows in view plus a few either side. Scroll
 * events are coalesced to one state update per animation frame, and only when the visible row
 * range changes, so scrolling through 100,000 items re-renders a few dozen cells at a time.
 */
export default function VirtualGrid({
  itemCount,
  options,
  overscan = 3,
  renderCell,
  onRangeChange,
  activeIndex = null,
  onActiveIndexChange,
  onActivate,
  label,
  testId,
  cellId,
}: VirtualGridProps) {
  const opts = useMemo(() => ({ ...DEFAULTS, ...options }), [options]);
  const scroller = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [rowWindow, setRowWindow] = useState({ first: 0, last: -1 });
  const frame = useRef(0);

  const layout = useMemo(
    () => gridLayout(size.width, itemCount, opts),
    [size.width, itemCount, opts],
  );

  const computeRange = useCallback(() => {
    const element = scroller.current;
    if (element === null) return;
    const range = visibleRange(
      element.scrollTop,
      element.clientHeight,
      layout,
      itemCount,
      overscan,
      opts.padding,
    );
    setRowWindow((current) =>
      current.first === range.firstRow && current.last === range.lastRow
        ? current
        : { first: range.firstRow, last: range.lastRow },
    );
  }, [layout, itemCount, overscan, opts.padding]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return undefined;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    computeRange();
  }, [computeRange, size.height]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const onScroll = () => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      computeRange();
    });
  };

  const start = rowWindow.first * layout.columns;
  const end = Math.min(itemCount, (rowWindow.last + 1) * layout.columns);

  useEffect(() => {
    if (end > start) onRangeChange?.(start, end);
  }, [start, end, onRangeChange]);

  useEffect(() => {
    const element = scroller.current;
    if (activeIndex === null || element === null || activeIndex >= itemCount) return;
    const top = scrollToReveal(
      activeIndex,
      element.scrollTop,
      element.clientHeight,
      layout,
      opts.padding,
    );
    if (top !== null) element.scrollTop = top;
  }, [activeIndex, itemCount, layout, opts.padding]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Enter/Space typed on a control inside a cell (its checkbox) belong to that control.
    const onGrid = event.target === event.currentTarget;
    if (onGrid && activeIndex !== null && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      onActivate?.(activeIndex);
      return;
    }
    const pageRows = Math.max(1, Math.floor(size.height / Math.max(1, layout.rowHeight)));
    const next = moveIndex(activeIndex ?? -1, event.key, layout, itemCount, pageRows);
    if (next === null) return;
    event.preventDefault();
    onActiveIndexChange?.(activeIndex === null && event.key !== 'End' ? 0 : next);
  };

  // Focus inside a cell must follow the item, not the recycled slot: a focused checkbox that
  // starts showing another item (or is replaced while its page loads, dropping focus to the
  // body) would leave Space acting on the wrong output. Focus returns to the grid instead.
  const focusedIndex = useRef<number | null>(null);
  const onFocusCapture = (event: { target: EventTarget }): void => {
    const cell = event.target instanceof Element ? event.target.closest('.vgrid-cell') : null;
    focusedIndex.current = cell instanceof HTMLElement ? Number(cell.dataset.index) : null;
  };
  const onBlurCapture = (event: { target: EventTarget; relatedTarget: EventTarget | null }) => {
    // The user moved focus away on purpose (a connected element losing it): forget the cell.
    const target = event.target instanceof Node ? event.target : null;
    const next = event.relatedTarget instanceof Node ? event.relatedTarget : null;
    if (target?.isConnected && !(next && scroller.current?.contains(next))) {
      focusedIndex.current = null;
    }
  };
  useLayoutEffect(() => {
    if (focusedIndex.current === null) return;
    const active = document.activeElement;
    const cell = active?.closest('.vgrid-cell');
    const inGrid = cell instanceof HTMLElement && scroller.current?.contains(cell) === true;
    if (inGrid && Number(cell.dataset.index) === focusedIndex.current) return;
    focusedIndex.current = null;
    if (inGrid || active === null || active === document.body) {
      scroller.current?.focus({ preventScroll: true });
    }
  });

  // Cells are recycled: slot k always renders under key k and shows the item of the range that
  // falls to it (slotIndex), so scrolling rewrites a row of cells in place. Unmounting a row and
  // mounting a new one instead cost 5-15 ms a row in Chromium traces (removeChild in React's
  // commit, then style and layout for the new nodes). The DOM order is the slot order, not the
  // item order: cells carry their position in aria attributes (the gallery's aria-posinset).
  const slots = slotCount(size.height, layout, overscan);
  const shown = slotRange(start, end, itemCount, slots);
  // More items than slots only while a resize has not been measured yet: one slot each then.
  const slotTotal = Math.max(slots, shown.end - shown.start);
  const cells: ReactNode[] = [];
  for (let slot = 0; slot < slotTotal; slot++) {
    const index = slotIndex(slot, shown.start, shown.end, slotTotal);
    if (index === null) continue;
    const { x, y } = cellPosition(index, layout, opts.padding);
    cells.push(
      <div
        key={slot}
        data-index={index}
        className="vgrid-cell"
        style={{
          width: layout.cellWidth,
          height: layout.cellHeight,
          transform: `translate(${x}px, ${y}px)`,
        }}
      >
        {renderCell(index, layout)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className="vgrid"
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onFocus={onFocusCapture}
      onBlur={onBlurCapture}
      tabIndex={0}
      role="list"
      aria-label={label}
      aria-activedescendant={
        cellId !== undefined &&
        activeIndex !== null &&
        activeIndex >= shown.start &&
        activeIndex < shown.end
          ? cellId(activeIndex)
          : undefined
      }
      data-testid={testId}
      data-count={itemCount}
    >
      <div className="vgrid-content" style={{ height: layout.totalHeight }}>
        {size.width > 0 && cells}
      </div>
    </div>
  );
}
