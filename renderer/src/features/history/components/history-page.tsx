import { useCallback, useEffect, useMemo } from 'react';
import type { HistoryItem } from '../../../../../shared/ipc/views';
import Button from '../../../components/button';
import EmptyState from '../../../components/empty-state';
import VirtualGrid from '../../../components/virtual-grid';
import type { GridLayout } from '../../../components/virtual-grid-math';
import { IconCompare, IconHistory } from '../../../components/icons';
import { plural } from '../../../lib/format';
import { useShell } from '../../shell/store';
import { activeFilterCount } from '../selectors';
import { PAGE_SIZE, useHistory } from '../store';
import { itemAt } from '../window-pages';
import CompareModal from './compare-modal';
import DetailPanel from './detail-panel';
import EndedTaskList from './ended-task-list';
import { endedStatusOf } from '../ended-task-filters';
import GalleryCell, { galleryCellId } from './gallery-cell';
import HistoryFilters from './history-filters';

const GRID_OPTIONS = { minCellWidth: 184, aspect: 1, footerHeight: 48, gap: 12, padding: 16 };
const MAX_COMPARE = 4;

export default function HistoryPage() {
  const pages = useHistory((state) => state.pages);
  const total = useHistory((state) => state.total);
  const loaded = useHistory((state) => state.loaded);
  const loading = useHistory((state) => state.loading);
  const error = useHistory((state) => state.error);
  const fresh = useHistory((state) => state.fresh);
  const selected = useHistory((state) => state.selected);
  const activeIndex = useHistory((state) => state.activeIndex);
  const detail = useHistory((state) => state.detail);
  const detailError = useHistory((state) => state.detailError);
  const compareOpen = useHistory((state) => state.compareOpen);
  const filters = useHistory((state) => state.filters);
  const { search, ensure, toggleSelected, clearSelection, setActive, openDetail, setCompareOpen } =
    useHistory.getState();
  const navigate = useShell((state) => state.navigate);

  useEffect(() => {
    void search();
  }, [search]);

  const onOpen = useCallback(
    (index: number, item: HistoryItem) => {
      setActive(index);
      void openDetail(item.outputId);
    },
    [setActive, openDetail],
  );
  const onRangeChange = useCallback(
    (start: number, end: number) => void ensure(start, end),
    [ensure],
  );
  const selectedIds = Object.keys(selected).map(Number);
  const selectedItems = useMemo(() => Object.values(selected).slice(0, MAX_COMPARE), [selected]);

  const renderCell = (index: number, layout: GridLayout) => {
    const item = itemAt(pages, index, PAGE_SIZE);
    return (
      <GalleryCell
        item={item}
        index={index}
        setSize={total}
        active={index === activeIndex}
        selected={item !== undefined && selected[item.outputId] !== undefined}
        thumbPx={layout.cellWidth}
        onOpen={onOpen}
        onToggle={toggleSelected}
      />
    );
  };

  const filtered = activeFilterCount(filters) > 0 || filters.text.trim() !== '';
  // Failed and canceled tasks have no output: they are listed above the gallery instead.
  const ended = endedStatusOf(filters) !== null;

  return (
    <div className="page-gallery" data-testid="page-history">
      <header className="page-header gallery-header">
        <div>
          <h1>History</h1>
          <p className="muted num" data-testid="history-count">
            {loaded ? `${plural(total, 'output')}${filtered ? ' match' : ''}` : 'Loading…'}
          </p>
        </div>
        <span className="spacer" />
        {fresh > 0 && (
          <Button size="sm" onClick={() => void search()} data-testid="history-refresh">
            {plural(fresh, 'new output')} · Refresh
          </Button>
        )}
        {selectedIds.length > 0 && (
          <div className="row selection-bar" data-testid="selection-bar">
            <span className="num">{selectedIds.length} selected</span>
            <Button
              size="sm"
              icon={<IconCompare />}
              disabled={selectedIds.length < 2}
              onClick={() => setCompareOpen(true)}
              data-testid="compare-open"
            >
              Compare{selectedIds.length > MAX_COMPARE ? ` first ${MAX_COMPARE}` : ''}
            </Button>
            <Button size="sm" variant="ghost" onClick={clearSelection}>
              Clear
            </Button>
          </div>
        )}
      </header>
      <HistoryFilters />
      {ended && <EndedTaskList />}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="gallery-body">
        <div className="gallery-grid">
          {loaded && total === 0 && !loading ? (
            ended ? null : filtered ? (
              <EmptyState title="Nothing matches" icon={<IconHistory />} testId="history-empty">
                Try fewer words or clear the filters.
              </EmptyState>
            ) : (
              <EmptyState
                title="No outputs yet"
                icon={<IconHistory />}
                testId="history-empty"
                action={
                  <Button variant="primary" onClick={() => navigate('create')}>
                    New batch
                  </Button>
                }
              >
                Every image and video Genloom makes lands here, searchable, even offline.
              </EmptyState>
            )
          ) : (
            <VirtualGrid
              itemCount={total}
              options={GRID_OPTIONS}
              renderCell={renderCell}
              onRangeChange={onRangeChange}
              activeIndex={activeIndex}
              onActiveIndexChange={setActive}
              onActivate={(index) => {
                const item = itemAt(pages, index, PAGE_SIZE);
                if (item) onOpen(index, item);
              }}
              label="Outputs"
              testId="gallery"
              cellId={galleryCellId}
            />
          )}
        </div>
        {detail && <DetailPanel detail={detail} />}
        {detailError && !detail && <p className="inline-error">{detailError}</p>}
      </div>
      <CompareModal
        items={selectedItems}
        open={compareOpen}
        onClose={() => setCompareOpen(false)}
      />
    </div>
  );
}
