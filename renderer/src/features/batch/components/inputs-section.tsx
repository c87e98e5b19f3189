import { useMemo, useState } from 'react';
import Badge from '../../../components/badge';
import Button from '../../../components/button';
import Section from '../../../components/section';
import Toggle from '../../../components/toggle';
import { IconFolder, IconImage, IconUpload, IconWarn, IconX } from '../../../components/icons';
import { formatBytes, plural } from '../../../lib/format';
import { thumbUrl } from '../../../lib/media';
import { pickBrowserFiles, uploadFiles } from '../../../lib/upload';
import { toast } from '../../../components/toast-store';
import { request } from '../../../lib/request';
import { useShell } from '../../shell/store';
import { inputBadges, inputRulesText, selectEntry } from '../selectors';
import { useBatch } from '../store';

/** Input tiles are at least 104 px wide (builder.css); a little more when the row stretches. */
const INPUT_THUMB_PX = 160;

/** Thumbnails drawn at once; the rest are counted (problems are always listed first). */
const SHOWN = 120;

export default function InputsSection({ error }: { error: string | undefined }) {
  const draft = useBatch();
  const canPick = useShell((state) => state.info?.canPick ?? false);
  const [typed, setTyped] = useState('');
  const [onlyProblems, setOnlyProblems] = useState(false);
  const entry = selectEntry(draft);
  const badges = useMemo(() => inputBadges(draft), [draft]);
  const bad = badges.filter((badge) => badge.problems.length > 0);
  const shown = (
    onlyProblems ? bad : [...bad, ...badges.filter((b) => b.problems.length === 0)]
  ).slice(0, SHOWN);
  const bytes = badges.reduce((sum, badge) => sum + badge.file.bytes, 0);

  const addTyped = () => {
    const paths = typed
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (paths.length === 0) return;
    void draft.addPaths(paths).then(() => setTyped(''));
  };

  const pick = async (kind: 'folder' | 'files') => {
    if (!canPick) {
      // The browser names no paths: the chosen files travel to the bridge, which stores them
      // under the home and names the stored paths.
      const picked = await pickBrowserFiles({ folder: kind === 'folder' });
      if (picked.length === 0) return;
      const uploaded = await uploadFiles(picked);
      if (uploaded.refused.length > 0) {
        const first = uploaded.refused[0];
        toast(
          'warn',
          `${plural(uploaded.refused.length, 'file')} not added`,
          first ? `${first.name}: ${first.reason}` : undefined,
        );
      }
      if (uploaded.paths.length > 0) await draft.addPaths(uploaded.paths);
      return;
    }
    if (kind === 'folder') {
      const result = await request('dialog.pickFolder', { title: 'Choose a folder of images' });
      if (result.ok && result.value.path !== null) await draft.addPaths([result.value.path]);
    } else {
      const result = await request('dialog.pickFiles', { title: 'Choose images', multiple: true });
      if (result.ok && result.value.paths.length > 0) await draft.addPaths(result.value.paths);
    }
  };

  const needsImages = entry?.images !== null && entry?.images !== undefined;
  const description = needsImages
    ? `Each image becomes one task${entry?.images?.required ? '' : ' (optional for this model)'}. Folders are scanned${draft.inputs.recursive ? ' with their subfolders' : ''}.`
    : 'This model makes images from text alone; add images only for models that take them.';

  return (
    <Section
      title="Inputs"
      description={description}
      testId="inputs-section"
      aside={
        badges.length > 0 ? (
          <Button size="sm" variant="ghost" onClick={draft.clearInputs} data-testid="inputs-clear">
            Clear
          </Button>
        ) : undefined
      }
    >
      <div className={error ? 'dropzone dropzone-invalid' : 'dropzone'} data-testid="dropzone">
        <div className="dropzone-icon">
          <IconUpload size={22} />
        </div>
        <div className="dropzone-text">
          <strong>Drop folders or images anywhere on the window</strong>
          <span className="muted" data-testid="dropzone-rules">
            {entry?.images
              ? `${entry.title} takes ${inputRulesText(entry)}.`
              : 'PNG, JPEG or WEBP images.'}{' '}
            Or type a folder path below.
          </span>
        </div>
        <div className="row">
          <Button
            icon={<IconFolder />}
            onClick={() => void pick('folder')}
            data-testid="pick-folder"
          >
            Choose folder…
          </Button>
          <Button onClick={() => void pick('files')} data-testid="pick-files">
            Choose files…
          </Button>
        </div>
      </div>
      <div className="path-entry">
        <label htmlFor="input-path" className="sr-only">
          Folder or image path
        </label>
        <input
          id="input-path"
          className="input mono"
          placeholder="/path/to/a/folder or image (one per line with Shift+Enter)"
          value={typed}
          data-testid="input-path"
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              addTyped();
            }
          }}
        />
        <Button onClick={addTyped} busy={draft.scanning} data-testid="input-path-add">
          Add
        </Button>
        <div className="row toggle-row">
          <Toggle
            checked={draft.inputs.recursive}
            onChange={(value) => void draft.setRecursive(value)}
            label="Include subfolders"
            testId="inputs-recursive"
          />
          <span className="muted">Subfolders</span>
        </div>
      </div>
      {draft.scanError && (
        <p className="inline-error" role="alert" data-testid="scan-error">
          {draft.scanError}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="inputs-error">
          Input images: {error}
        </p>
      )}
      {badges.length > 0 && (
        <>
          <div className="inputs-summary" data-testid="inputs-summary">
            <span>
              <strong className="num">{plural(badges.length, 'image')}</strong>
              <span className="muted"> · {formatBytes(bytes)}</span>
            </span>
            {bad.length > 0 ? (
              <Badge tone="warn" data-testid="inputs-bad-count">
                <IconWarn /> {plural(bad.length, 'file')} {entry?.title ?? 'the model'} cannot use
              </Badge>
            ) : entry?.images ? (
              <Badge tone="ok">All within the model's limits</Badge>
            ) : null}
            {draft.skipped.length > 0 && (
              <span
                className="muted"
                title={draft.skipped.map((s) => `${s.path}: ${s.reason}`).join('\n')}
              >
                {plural(draft.skipped.length, 'file')} skipped
              </span>
            )}
            <span className="spacer" />
            {entry?.images && entry.images.max > 1 && (
              <label className="row muted">
                <Toggle
                  checked={draft.inputs.together}
                  onChange={draft.setTogether}
                  label="Send all images together in each task"
                  testId="inputs-together"
                />
                All images in every task
              </label>
            )}
            {bad.length > 0 && (
              <Button
                size="sm"
                variant="secondary"
                onClick={draft.removeProblemFiles}
                data-testid="inputs-remove-problems"
              >
                Remove {plural(bad.length, 'file')} with problems
              </Button>
            )}
            {bad.length > 0 && (
              <label className="row muted">
                <Toggle
                  checked={onlyProblems}
                  onChange={setOnlyProblems}
                  label="Show only files with problems"
                />
                Only problems
              </label>
            )}
          </div>
          <ul className="thumbs" data-testid="input-thumbs">
            {shown.map(({ file, name, problems }) => (
              <li
                key={file.path}
                className={problems.length > 0 ? 'thumb thumb-bad' : 'thumb'}
                data-testid="input-thumb"
                title={
                  problems.length > 0 ? `${file.relPath}\n${problems.join('\n')}` : file.relPath
                }
              >
                <div className="thumb-media">
                  {/* A refused file whose header nothing could read has no picture to draw. */}
                  {(file.format != null || problems.length === 0) && (
                    <img
                      src={thumbUrl(file.path, INPUT_THUMB_PX)}
                      alt=""
                      loading="lazy"
                      decoding="async"
                      draggable={false}
                    />
                  )}
                  <span className="thumb-fallback" aria-hidden="true">
                    <IconImage size={20} />
                  </span>
                </div>
                <div className="thumb-caption truncate">{name}</div>
                {problems.length > 0 && (
                  <span className="thumb-badge" data-testid="input-thumb-problem">
                    <IconWarn /> {problems[0]}
                  </span>
                )}
                <button
                  type="button"
                  className="thumb-remove icon-btn"
                  aria-label={`Remove ${name}`}
                  onClick={() => draft.removeInput(file.path)}
                >
                  <IconX />
                </button>
              </li>
            ))}
          </ul>
          {badges.length > shown.length && (
            <p className="muted">
              {plural(badges.length - shown.length, 'more image')} not shown. Every one is part of
              the batch.
            </p>
          )}
        </>
      )}
    </Section>
  );
}
