import type { HistoryItem } from '../../../../../shared/ipc/views';
import Modal from '../../../components/modal';
import { mediaUrl } from '../../../lib/media';
import { compareRows } from '../selectors';

/** Selected outputs side by side, with the parameters that differ listed first. */
export default function CompareModal({
  items,
  open,
  onClose,
}: {
  items: HistoryItem[];
  open: boolean;
  onClose: () => void;
}) {
  const rows = compareRows(items);
  return (
    <Modal
      open={open}
      title={`Compare ${items.length} outputs`}
      onClose={onClose}
      size="full"
      testId="compare-modal"
    >
      <div
        className="compare"
        style={{ gridTemplateColumns: `140px repeat(${items.length}, minmax(0, 1fr))` }}
      >
        <div />
        {items.map((item) => (
          <figure key={item.outputId} className="compare-media" data-testid="compare-item">
            {item.path === null ? (
              <div className="cell-placeholder">No file</div>
            ) : item.type === 'video' ? (
              <video src={mediaUrl(item.path)} controls muted playsInline />
            ) : (
              <img src={mediaUrl(item.path)} alt={item.prompt} />
            )}
            <figcaption className="subtle">{item.prompt}</figcaption>
          </figure>
        ))}
        {rows.map((row) => (
          <div
            key={row.key}
            className={row.differs ? 'compare-row compare-differs' : 'compare-row'}
          >
            <span className="compare-key">{row.key}</span>
            {row.values.map((value, index) => (
              <span key={index} className="mono compare-value">
                {value}
              </span>
            ))}
          </div>
        ))}
      </div>
    </Modal>
  );
}
