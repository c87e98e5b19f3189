import { useState } from 'react';
import type { HistoryItem, OutputDetail } from '../../../../../shared/ipc/views';
import { modelTitle } from '../../../components/model-names';
import Badge from '../../../components/badge';
import Button from '../../../components/button';
import { IconExternal, IconFolder, IconRetry, IconX } from '../../../components/icons';
import { toast } from '../../../components/toast-store';
import {
  baseName,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatMoney,
} from '../../../lib/format';
import { fileActions, mediaUrl, thumbUrl } from '../../../lib/media';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { request } from '../../../lib/request';
import { STATE_LABELS, explainError, stateTone } from '../../queue/selectors';
import { formatParam, lineageOf } from '../selectors';
import { useHistory } from '../store';
import RerunModal from './rerun-modal';

/** Lineage and input tiles are about 72-96 px wide (history.css). */
const LINEAGE_THUMB_PX = 96;

function LineageStrip({ title, items }: { title: string; items: HistoryItem[] }) {
  const openDetail = useHistory((state) => state.openDetail);
  if (items.length === 0) return null;
  return (
    <div className="lineage">
      <h4>{title}</h4>
      <ul className="lineage-strip" data-testid="lineage">
        {items.slice(0, 24).map((item) => (
          <li key={item.outputId}>
            <button
              type="button"
              className="lineage-item"
              title={`${item.provider}/${item.model}\n${item.prompt}`}
              onClick={() => void openDetail(item.outputId)}
            >
              {item.path && item.type === 'image' ? (
                <img src={thumbUrl(item.path, LINEAGE_THUMB_PX)} alt="" loading="lazy" />
              ) : (
                <span className="mono">{item.type}</span>
              )}
              <span className="truncate subtle">{modelTitle(item.provider, item.model)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function DetailPanel({ detail }: { detail: OutputDetail }) {
  const closeDetail = useHistory((state) => state.closeDetail);
  const [rerunOpen, setRerunOpen] = useState(false);
  const { output, task, batch, inputs } = detail;
  const lineage = lineageOf(detail);
  const files = output.path !== null && output.state === 'done' ? fileActions(output.path) : null;
  const explained = explainError(task.errorCode, task.errorMessage);
  const took =
    task.submittedAt !== null && task.finishedAt !== null
      ? task.finishedAt - task.submittedAt
      : null;
  const action = async (channel: 'output.open' | 'output.showInFolder') => {
    const result = await request(channel, { outputId: output.id });
    if (!result.ok)
      toast(
        'danger',
        channel === 'output.open' ? 'Could not open the file' : 'Could not show the folder',
        result.message,
      );
  };
  const retryFailed = async () => {
    const result = await request('batch.retryFailed', { batchId: batch.id });
    if (!result.ok) toast('danger', 'Could not retry', result.message);
    else
      toast(
        'info',
        result.value.retried === 0
          ? 'This batch has no failed tasks'
          : `Retrying ${result.value.retried} failed tasks`,
      );
  };

  return (
    <aside className="detail" aria-label="Output details" data-testid="detail-panel">
      <header className="detail-header">
        <h2 className="truncate" title={output.path ?? undefined}>
          {output.path ? baseName(output.path) : `Output #${output.idx + 1}`}
        </h2>
        <button
          type="button"
          className="icon-btn"
          aria-label="Close details"
          onClick={closeDetail}
          data-testid="detail-close"
        >
          <IconX />
        </button>
      </header>
      <div className="detail-body">
        <div className="detail-media">
          {output.path && output.state === 'done' ? (
            output.type === 'video' ? (
              <video src={mediaUrl(output.path)} controls playsInline data-testid="detail-video" />
            ) : (
              <img src={mediaUrl(output.path)} alt={task.prompt} data-testid="detail-image" />
            )
          ) : (
            <div className="cell-placeholder">{output.error ?? 'No file on disk'}</div>
          )}
        </div>
        <div className="row-wrap">
          {files?.kind === 'browser' ? (
            <>
              {/* A browser can neither open a file with the system's app nor show its folder:
                  it views the file in a tab or downloads it, and offers nothing else. */}
              <a
                className="btn btn-secondary btn-sm"
                href={files.viewUrl}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="detail-open"
              >
                <IconExternal />
                <span className="btn-label">Open in a new tab</span>
              </a>
              <a
                className="btn btn-secondary btn-sm"
                href={files.downloadUrl}
                download={files.fileName}
                data-testid="detail-download"
              >
                <span className="btn-label">Download</span>
              </a>
            </>
          ) : (
            <>
              <Button
                size="sm"
                icon={<IconExternal />}
                disabled={output.path === null}
                onClick={() => void action('output.open')}
                data-testid="detail-open"
              >
                Open
              </Button>
              <Button
                size="sm"
                icon={<IconFolder />}
                disabled={output.path === null}
                onClick={() => void action('output.showInFolder')}
                data-testid="detail-reveal"
              >
                Show in folder
              </Button>
            </>
          )}
          <Button
            size="sm"
            variant="primary"
            icon={<IconRetry />}
            onClick={() => setRerunOpen(true)}
            data-testid="detail-rerun"
          >
            Re-run
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => void retryFailed()}
            data-testid="detail-retry-failed"
          >
            Retry the batch’s failed tasks
          </Button>
        </div>
        <section className="detail-section">
          <h4>Prompt</h4>
          <p className="detail-prompt" data-testid="detail-prompt">
            {task.prompt || <span className="subtle">(none)</span>}
          </p>
        </section>
        {explained && (
          <section className="detail-section">
            <p className="danger-text">
              <strong>{explained.title}</strong> {explained.detail}
            </p>
          </section>
        )}
        <dl className="props" data-testid="detail-props">
          {[
            ['Status', <Badge tone={stateTone(task.state)}>{STATE_LABELS[task.state]}</Badge>],
            [
              'Model',
              <>
                {PROVIDER_LABELS[task.provider]} / {modelTitle(task.provider, task.model)}{' '}
                <span className="mono subtle">({task.model})</span>
              </>,
            ],
            ['Batch', batch.name || batch.id],
            ...Object.entries(task.params)
              .filter(([key]) => key !== 'prompt')
              .map(
                ([key, value]) =>
                  [key, <span className="mono">{formatParam(value)}</span>] as const,
              ),
            ['Seed', <span className="mono">{task.seed ?? '—'}</span>],
            [
              'Cost',
              <span className="num" data-testid="detail-cost">
                {formatMoney(task.actualCost, batch.currency)}
                <span className="subtle">
                  {' '}
                  (est. {formatMoney(task.estimatedCost, batch.currency)})
                </span>
              </span>,
            ],
            ['Created', formatDateTime(task.createdAt)],
            [
              'Finished',
              <>
                {formatDateTime(task.finishedAt)}
                {took !== null && <span className="subtle"> · took {formatDuration(took)}</span>}
              </>,
            ],
            [
              'File',
              <span className="mono">
                {output.path ?? '—'} <span className="subtle">{formatBytes(output.bytes)}</span>
              </span>,
            ],
            ['SHA-256', <span className="mono subtle">{output.sha256 ?? '—'}</span>],
            ['Remote id', <span className="mono subtle">{task.remoteId ?? '—'}</span>],
          ].map(([label, value]) => (
            <div className="props-row" key={String(label)}>
              <dt>{label}</dt>
              <dd className="break">{value}</dd>
            </div>
          ))}
        </dl>
        {inputs.length > 0 && (
          <section className="detail-section">
            <h4>Inputs</h4>
            <ul className="lineage-strip">
              {inputs.map((input) => (
                <li key={input.path} className="lineage-item" title={input.path}>
                  <img src={thumbUrl(input.path, LINEAGE_THUMB_PX)} alt="" loading="lazy" />
                  <span className="truncate subtle">{input.relPath}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <LineageStrip
          title="Made from the same input (other runs and models)"
          items={lineage.usedBy}
        />
        <LineageStrip title="This image came from" items={lineage.producedBy} />
      </div>
      {rerunOpen && <RerunModal detail={detail} open onClose={() => setRerunOpen(false)} />}
    </aside>
  );
}
