import { useEffect, useState } from 'react';
import { PROVIDER_IDS } from '../../../../../shared/catalog/types';
import type { ProviderId } from '../../../../../shared/catalog/types';
import Button from '../../../components/button';
import { modelOptions, modelTitle } from '../../../components/model-names';
import Select from '../../../components/select';
import { IconSearch } from '../../../components/icons';
import { PROVIDER_LABELS } from '../../../lib/providers';
import { useQueue } from '../../queue/store';
import { EMPTY_FILTERS, activeFilterCount, presetOf, presetRange } from '../selectors';
import type { DatePreset } from '../selectors';
import type { StatusFilter } from '../selectors';
import { useHistory } from '../store';

const SEARCH_DEBOUNCE_MS = 200;

export default function HistoryFilters() {
  const filters = useHistory((state) => state.filters);
  const setFilters = useHistory((state) => state.setFilters);
  const search = useHistory((state) => state.search);
  const batches = useQueue((state) => state.batches);
  const [text, setText] = useState(filters.text);
  const [custom, setCustom] = useState(false);
  const preset = custom ? 'custom' : presetOf(filters, new Date());

  // Typing updates the box at once; the search runs when typing pauses.
  useEffect(() => {
    if (text === filters.text) return undefined;
    const timer = window.setTimeout(() => {
      setFilters({ text });
      void search();
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, filters.text, setFilters, search]);

  const change = (patch: Partial<typeof filters>) => {
    setFilters(patch);
    void search();
  };

  const batchList = Object.values(batches).sort((a, b) => b.createdAt - a.createdAt);

  return (
    <div className="filters" role="search" data-testid="history-filters">
      <div className="search-box">
        <IconSearch />
        <input
          type="search"
          className="input search-input"
          aria-label="Search prompts and file names"
          placeholder="Search prompts, file names, batches…"
          value={text}
          data-testid="history-search"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              setFilters({ text });
              void search();
            }
          }}
        />
      </div>
      <Select
        aria-label="Provider"
        value={filters.provider}
        data-testid="filter-provider"
        options={[
          { value: '', label: 'All providers' },
          ...PROVIDER_IDS.map((id) => ({ value: id, label: PROVIDER_LABELS[id] })),
        ]}
        onChange={(value) => change({ provider: value as ProviderId | '', model: '' })}
      />
      <Select
        aria-label="Model"
        value={filters.model}
        data-testid="filter-model"
        options={[{ value: '', label: 'All models' }, ...modelOptions(filters.provider)]}
        onChange={(value) => change({ model: value })}
      />
      <Select
        aria-label="Status"
        value={filters.status}
        data-testid="filter-status"
        options={[
          { value: '', label: 'Any status' },
          { value: 'succeeded', label: 'Succeeded' },
          { value: 'failed', label: 'Failed' },
          { value: 'canceled', label: 'Canceled' },
        ]}
        onChange={(value) => change({ status: value as StatusFilter })}
      />
      <Select
        aria-label="Batch"
        value={filters.batchId}
        data-testid="filter-batch"
        className="filter-batch"
        options={[
          { value: '', label: 'All batches' },
          ...batchList.map((batch) => ({
            value: batch.id,
            label:
              batch.name ||
              `${modelTitle(batch.provider, batch.model)} · ${new Date(batch.createdAt).toLocaleDateString()}`,
          })),
        ]}
        onChange={(value) => change({ batchId: value })}
      />
      <Select
        aria-label="Date"
        value={preset}
        data-testid="filter-date"
        options={[
          { value: 'any', label: 'Any time' },
          { value: 'today', label: 'Today' },
          { value: 'week', label: 'Last 7 days' },
          { value: 'month', label: 'Last 30 days' },
          { value: 'custom', label: 'Custom range…' },
        ]}
        onChange={(value) => {
          const next = value as DatePreset;
          setCustom(next === 'custom');
          if (next !== 'custom') change(presetRange(next, new Date()));
        }}
      />
      {preset === 'custom' && (
        <div className="date-range">
          <input
            type="date"
            className="input"
            aria-label="From date"
            value={filters.from}
            data-testid="filter-from"
            onChange={(event) => change({ from: event.target.value })}
          />
          <span className="subtle">–</span>
          <input
            type="date"
            className="input"
            aria-label="To date"
            value={filters.to}
            data-testid="filter-to"
            onChange={(event) => change({ to: event.target.value })}
          />
        </div>
      )}
      {(activeFilterCount(filters) > 0 || filters.text !== '') && (
        <Button
          size="sm"
          variant="ghost"
          data-testid="filters-clear"
          onClick={() => {
            setText('');
            setCustom(false);
            change(EMPTY_FILTERS);
          }}
        >
          Clear
        </Button>
      )}
    </div>
  );
}
