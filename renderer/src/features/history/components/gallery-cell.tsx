import { memo } from 'react';
import type { HistoryItem } from '../../../../../shared/ipc/views';
import { IconImage, IconVideo, IconWarn } from '../../../components/icons';
import { modelTitle } from '../../../components/model-names';
import { baseName } from '../../../lib/format';
import { mediaUrl, thumbUrl } from '../../../lib/media';

export interface GalleryCellProps {
  item: HistoryItem | undefined;
  index: number;
  /** Items in the whole list: with index, screen readers announce "item 5 of 100,000". */
  setSize: number;
  active: boolean;
  selected: boolean;
  /** The cell's width in CSS pixels: the thumbnail asked for fits it. */
  thumbPx: number;
  onOpen: (index: number, item: HistoryItem) => void;
  onToggle: (item: HistoryItem) => void;
}

function Media({ item, thumbPx }: { item: HistoryItem; thumbPx: number }) {
  if (item.path === null || item.outputState !== 'done') {
    return (
      <div className="cell-placeholder">
        {item.outputState === 'failed' ? <IconWarn /> : <IconImage size={20} />}
        <span>{item.outputState === 'failed' ? 'Download failed' : item.taskState}</span>
      </div>
    );
  }
  if (item.type === 'video') {
    return (
      <>
        {/* Videos have no thumbnail: the file itself, of which only the metadata loads. */}
        <video
          src={mediaUrl(item.path)}
          preload="metadata"
          muted
          playsInline
          loop
          onMouseEnter={(event) => void event.currentTarget.play().catch(() => undefined)}
          onMouseLeave={(event) => event.currentTarget.pause()}
        />
        <span className="cell-kind" aria-label="Video">
          <IconVideo />
        </span>
      </>
    );
  }
  return (
    <img
      src={thumbUrl(item.path, thumbPx)}
      alt=""
      // Not loading="lazy": the grid mounts only the rows in view and a few either side, and
      // those are the images to have ready; lazy left the farther overscan rows unloaded.
      decoding="async"
      draggable={false}
    />
  );
}

/** Formatters are costly to build; cells share these (a cell renders on every scroll step). */
const WHEN = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Wan 2.7 Image · seed 42 · 14 Mar 2026, 09:26": what sets outputs apart at a glance. */
function captionOf(item: HistoryItem): string {
  const seed = item.seed ?? (typeof item.params.seed === 'number' ? item.params.seed : null);
  return [
    modelTitle(item.provider, item.model),
    seed === null ? null : `seed ${seed}`,
    WHEN.format(item.createdAt),
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

/** The DOM id of the cell at an index, for the grid's aria-activedescendant. */
export function galleryCellId(index: number): string {
  return `gallery-cell-${index}`;
}

/**
 * One gallery cell; memoised so scrolling re-renders only the cells whose item changed (the grid
 * recycles cells: the same instance shows another output as rows leave and enter).
 */
function GalleryCell({
  item,
  index,
  setSize,
  active,
  selected,
  thumbPx,
  onOpen,
  onToggle,
}: GalleryCellProps) {
  if (item === undefined) {
    return <div className="cell cell-skeleton" aria-hidden="true" />;
  }
  const name = item.path
    ? baseName(item.path)
    : `${modelTitle(item.provider, item.model)} #${item.outputIdx + 1}`;
  return (
    <div
      className={['cell', active && 'cell-active', selected && 'cell-selected']
        .filter(Boolean)
        .join(' ')}
      id={galleryCellId(index)}
      role="listitem"
      aria-current={active || undefined}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-label={`${name}: ${item.prompt}`}
      data-testid="gallery-cell"
      data-output-id={item.outputId}
      onClick={() => onOpen(index, item)}
    >
      <div className="cell-media">
        {/* Keyed: the grid reuses this cell for another output, and an <img> given a new src
            keeps showing the old picture until the new one loads. */}
        <Media key={item.outputId} item={item} thumbPx={thumbPx} />
        <label className="cell-check" onClick={(event) => event.stopPropagation()}>
          <input
            type="checkbox"
            checked={selected}
            aria-label={`Select ${name}`}
            data-testid="gallery-select"
            onChange={() => onToggle(item)}
          />
        </label>
      </div>
      <div className="cell-caption">
        <span className="truncate" title={item.prompt}>
          {item.prompt || name}
        </span>
        <span className="truncate subtle" data-testid="gallery-caption">
          {captionOf(item)}
        </span>
      </div>
    </div>
  );
}

export default memo(GalleryCell);
