import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { gridLayout, moveIndex, scrollToReveal, visibleRange } from './virtual-grid-math';
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
    if (activeIndex !== null && (event.key === 'Enter' || event.key === ' ')) {
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

  const cells: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    const row = Math.floor(index / layout.columns);
    const column = index % layout.columns;
    cells.push(
      <div
        key={index}
        className="vgrid-cell"
        style={{
          width: layout.cellWidth,
          height: layout.cellHeight,
          transform: `translate(${opts.padding + column * (layout.cellWidth + opts.gap)}px, ${
            opts.padding + row * layout.rowHeight
          }px)`,
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
      tabIndex={0}
      role="list"
      aria-label={label}
      aria-activedescendant={
        cellId !== undefined && activeIndex !== null && activeIndex >= start && activeIndex < end
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
