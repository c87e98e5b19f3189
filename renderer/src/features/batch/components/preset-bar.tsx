import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import Badge from '../../../components/badge';
import Button from '../../../components/button';
import Select from '../../../components/select';
import { useSettings } from '../../settings/store';
import {
  addPreset,
  presetNameProblem,
  presetParamsFromDraft,
  presetStatus,
  presetsFor,
  removePreset,
  renamePreset,
  updatePresetParams,
} from '../presets';
import type { Preset, PresetChange } from '../presets';
import { useBatch } from '../store';

type Mode = { kind: 'idle' } | { kind: 'save' | 'rename'; name: string } | { kind: 'delete' };
type Note = { tone: 'ok' | 'danger' | 'muted'; text: string } | null;

const NO_PRESETS: Preset[] = [];

/** Pick, save, update, rename and delete named parameter sets of the chosen model. */
export default function PresetBar() {
  const draft = useBatch();
  const applyPreset = useBatch((state) => state.applyPreset);
  const setPresetId = useBatch((state) => state.setPresetId);
  const touch = useBatch((state) => state.touch);
  const all = useSettings((state) => state.settings?.presets ?? NO_PRESETS);
  const savePresets = useSettings((state) => state.savePresets);
  const loaded = useSettings((state) => state.settings !== null);
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);

  const target = { provider: draft.provider, model: draft.model };
  const mine = presetsFor(all, target);
  const { active, modified } = presetStatus(draft, all, draft.presetId);

  const commit = async (change: PresetChange, done: (next: Preset[]) => void) => {
    if (!change.ok) {
      setError(change.error);
      return;
    }
    setBusy(true);
    const refused = await savePresets(change.presets);
    setBusy(false);
    if (refused !== null) {
      setError(refused);
      return;
    }
    setError(null);
    setMode({ kind: 'idle' });
    done(change.presets);
  };

  /** The parameters to save, or null after marking the fields that block it. */
  const paramsToSave = () => {
    const result = presetParamsFromDraft(draft);
    if (result.ok) return result.params;
    for (const key of Object.keys(result.errors)) touch(key);
    setNote({ tone: 'danger', text: 'Fix the marked parameters before saving them as a preset.' });
    return null;
  };

  const choose = (id: string) => {
    setMode({ kind: 'idle' });
    setError(null);
    // Choosing the active (edited) preset again fires no change event: Revert calls this.
    const preset = mine.find((candidate) => candidate.id === id);
    if (preset === undefined) {
      setPresetId(null);
      setNote(null);
      return;
    }
    const ignored = applyPreset(preset);
    setNote(
      ignored.length > 0
        ? {
            tone: 'danger',
            text: `Left out ${ignored.join(', ')}: ${draft.model} has no such field.`,
          }
        : { tone: 'muted', text: `Applied “${preset.name}”. Prompt and inputs are unchanged.` },
    );
  };

  const submitName = () => {
    if (mode.kind === 'save') {
      const params = paramsToSave();
      if (params === null) return;
      const preset = { id: crypto.randomUUID(), name: mode.name.trim(), ...target, params };
      void commit(addPreset(all, preset), () => {
        setPresetId(preset.id);
        setNote({ tone: 'ok', text: `Saved “${preset.name}”.` });
      });
    } else if (mode.kind === 'rename' && active !== null) {
      void commit(renamePreset(all, active.id, mode.name), () =>
        setNote({ tone: 'ok', text: `Renamed to “${mode.name.trim()}”.` }),
      );
    }
  };

  const update = () => {
    const params = active === null ? null : paramsToSave();
    if (active === null || params === null) return;
    void commit(updatePresetParams(all, active.id, params), () =>
      setNote({ tone: 'ok', text: `Updated “${active.name}” with the current parameters.` }),
    );
  };

  const remove = () => {
    if (active === null) return;
    void commit({ ok: true, presets: removePreset(all, active.id) }, () => {
      setPresetId(null);
      setNote({ tone: 'muted', text: `Deleted “${active.name}”. The form keeps its values.` });
    });
  };

  const onNameKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      submitName();
    } else if (event.key === 'Escape') {
      setMode({ kind: 'idle' });
      setError(null);
    }
  };

  const editing = mode.kind === 'save' || mode.kind === 'rename';
  const liveProblem = editing
    ? presetNameProblem(
        all,
        target,
        mode.name,
        mode.kind === 'rename' ? (active?.id ?? null) : null,
      )
    : null;

  return (
    <div className="preset-bar" data-testid="preset-bar">
      <div className="preset-row">
        <label htmlFor="preset-picker" className="field-label">
          Preset
        </label>
        <Select
          id="preset-picker"
          className="preset-picker"
          value={active?.id ?? ''}
          disabled={!loaded || busy}
          data-testid="preset-picker"
          options={[
            { value: '', label: mine.length === 0 ? 'No saved presets' : 'None (as typed)' },
            ...mine.map((preset) => ({ value: preset.id, label: preset.name })),
          ]}
          onChange={choose}
        />
        <span className="spacer" />
        {active !== null && (
          <>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setMode({ kind: 'rename', name: active.name })}
              data-testid="preset-rename"
            >
              Rename
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setMode({ kind: 'delete' })}
              data-testid="preset-delete"
            >
              Delete
            </Button>
          </>
        )}
        <Button
          size="sm"
          disabled={!loaded}
          onClick={() => {
            setError(null);
            if (paramsToSave() !== null) setMode({ kind: 'save', name: '' });
          }}
          data-testid="preset-save"
        >
          Save as preset…
        </Button>
      </div>
      {active !== null && modified && mode.kind === 'idle' && (
        <div className="preset-row">
          <Badge tone="warn" data-testid="preset-modified">
            edited
          </Badge>
          <span className="muted">Changed since it was applied.</span>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => choose(active.id)}
            data-testid="preset-revert"
          >
            Revert
          </Button>
          <Button
            size="sm"
            variant="ghost"
            busy={busy}
            onClick={update}
            data-testid="preset-update"
          >
            Update preset
          </Button>
        </div>
      )}
      {editing && (
        <div className="preset-row preset-editor">
          <input
            className="input"
            autoFocus
            aria-label={mode.kind === 'save' ? 'New preset name' : 'Preset name'}
            aria-invalid={error !== null || undefined}
            aria-describedby="preset-name-error"
            placeholder="e.g. Square, 2 images"
            maxLength={80}
            value={mode.name}
            data-testid="preset-name-input"
            onChange={(event) => {
              setMode({ kind: mode.kind, name: event.target.value });
              setError(null);
            }}
            onKeyDown={onNameKey}
          />
          <Button
            size="sm"
            variant="primary"
            busy={busy}
            disabled={liveProblem !== null}
            onClick={submitName}
            data-testid="preset-name-save"
          >
            {mode.kind === 'save' ? 'Save preset' : 'Rename'}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setMode({ kind: 'idle' })}>
            Cancel
          </Button>
        </div>
      )}
      {mode.kind === 'delete' && active !== null && (
        <div className="preset-row preset-editor" role="group" aria-label="Confirm delete">
          <span>Delete the preset “{active.name}”? The form keeps its values.</span>
          <Button
            size="sm"
            variant="danger"
            busy={busy}
            onClick={remove}
            data-testid="preset-delete-confirm"
          >
            Delete
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setMode({ kind: 'idle' })}>
            Keep
          </Button>
        </div>
      )}
      {editing && (error ?? (mode.name.trim() !== '' ? liveProblem : null)) !== null ? (
        <p id="preset-name-error" className="field-error" role="alert" data-testid="preset-error">
          Preset name: {error ?? liveProblem}
        </p>
      ) : error !== null ? (
        <p className="field-error" role="alert" data-testid="preset-error">
          Preset: {error}
        </p>
      ) : note !== null && !modified ? (
        <p
          className={note.tone === 'danger' ? 'field-error' : 'field-hint'}
          role="status"
          data-testid="preset-note"
        >
          {note.text}
        </p>
      ) : null}
    </div>
  );
}
