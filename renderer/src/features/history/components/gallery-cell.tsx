import { memo } from 'react';
import type { HistoryItem } from '../../../../../shared/ipc/views';
import { IconImage, IconVideo, IconWarn } from '../../../components/icons';
import { baseName } from '../../../lib/format';
import { mediaUrl, thumbUrl } from '../../../lib/media';

export interface GalleryCellProps {
  item: HistoryItem | undefined;
  index: number;
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
      loading="lazy"
      decoding="async"
      draggable={false}
    />
  );
}

/** The DOM id of the cell at an index, for the grid's aria-activedescendant. */
export function galleryCellId(index: number): string {
  return `gallery-cell-${index}`;
}

/** One gallery cell; memoised so scrolling re-renders only cells that enter the view. */
function GalleryCell({
  item,
  index,
  active,
  selected,
  thumbPx,
  onOpen,
  onToggle,
}: GalleryCellProps) {
  if (item === undefined) {
    return <div className="cell cell-skeleton" aria-hidden="true" />;
  }
  const name = item.path ? baseName(item.path) : `${item.model} #${item.outputIdx + 1}`;
  return (
    <div
      className={['cell', active && 'cell-active', selected && 'cell-selected']
        .filter(Boolean)
        .join(' ')}
      id={galleryCellId(index)}
      role="listitem"
      aria-current={active || undefined}
      aria-label={`${name}: ${item.prompt}`}
      data-testid="gallery-cell"
      data-output-id={item.outputId}
      onClick={() => onOpen(index, item)}
    >
      <div className="cell-media">
        <Media item={item} thumbPx={thumbPx} />
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
        <span className="truncate subtle">
          {item.model} · {new Date(item.createdAt).toLocaleDateString()}
        </span>
      </div>
    </div>
  );
}

export default memo(GalleryCell);
