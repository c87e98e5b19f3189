// Plain functions for the history gallery: filters to a query, re-run specs, comparisons.
import { findModel } from '../../../../shared/catalog/index';
import type { ProviderId } from '../../../../shared/catalog/types';
import type { Input } from '../../../../shared/ipc/contract';
import type { HistoryItem, OutputDetail } from '../../../../shared/ipc/views';
import type { BatchSpecInput } from '../../../../shared/schemas/batch';

export type StatusFilter = '' | 'succeeded' | 'failed' | 'canceled' | 'running';

export interface HistoryFilters {
  text: string;
  provider: ProviderId | '';
  model: string;
  status: StatusFilter;
  batchId: string;
  /** yyyy-mm-dd as the date input gives it; '' for open-ended. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: HistoryFilters = {
  text: '',
  provider: '',
  model: '',
  status: '',
  batchId: '',
  from: '',
  to: '',
};

/** Local midnight of a yyyy-mm-dd date, or null when the text is not a date. */
export function dayStart(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date.getTime();
}

export type WindowInput = Input<'history.window'>;
type FilterInput = Omit<WindowInput, 'offset' | 'limit'>;

/** The filter fields of history.window (the same as history.search's); `to` includes the whole day. */
export function filterInput(filters: HistoryFilters): FilterInput {
  const input: FilterInput = {};
  const text = filters.text.trim();
  if (text !== '') input.text = text.slice(0, 500);
  if (filters.provider !== '') input.provider = filters.provider;
  if (filters.model !== '') input.model = filters.model;
  if (filters.status !== '') {
    input.state = filters.status;
    // Failed or canceled tasks may have no file on disk: list their outputs in any state.
    if (filters.status !== 'succeeded') input.outputState = 'any';
  }
  if (filters.batchId !== '') input.batchId = filters.batchId;
  const from = dayStart(filters.from);
  if (from !== null) input.from = from;
  const to = dayStart(filters.to);
  if (to !== null) input.to = to + 86_400_000;
  return input;
}

/** The history.window input: items [offset, offset + limit) for these filters. */
export function windowInput(filters: HistoryFilters, offset: number, limit: number): WindowInput {
  return { ...filterInput(filters), offset, limit };
}

export type DatePreset = 'any' | 'today' | 'week' | 'month' | 'custom';

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const PRESET_DAYS: Record<'today' | 'week' | 'month', number> = { today: 0, week: 6, month: 29 };

/** The from/to dates of a preset, ending today (inclusive). */
export function presetRange(preset: DatePreset, now: Date): { from: string; to: string } {
  if (preset === 'any' || preset === 'custom') return { from: '', to: '' };
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - PRESET_DAYS[preset]);
  return { from: isoDay(from), to: isoDay(now) };
}

/** Which preset the dates are, or 'custom' when they match none. */
export function presetOf(filters: Pick<HistoryFilters, 'from' | 'to'>, now: Date): DatePreset {
  if (filters.from === '' && filters.to === '') return 'any';
  for (const preset of ['today', 'week', 'month'] as const) {
    const range = presetRange(preset, now);
    if (range.from === filters.from && range.to === filters.to) return preset;
  }
  return 'custom';
}

export function activeFilterCount(filters: HistoryFilters): number {
  return (Object.keys(filters) as (keyof HistoryFilters)[]).filter(
    (key) => key !== 'text' && filters[key] !== '',
  ).length;
}

/** A prompt as a literal template: braces and bars would otherwise expand again. */
export function escapeTemplate(prompt: string): string {
  return prompt.replace(/[\\{}|]/g, (ch) => `\\${ch}`);
}

/**
 * A one-task batch that repeats this output's task: same provider, model, parameters, prompt
 * and seed; same output folder and naming. The task's input images go back as inputs (not as
 * a parameter), so files are named by them ({input}) and the new outputs keep their lineage;
 * images named in other parameters stay as the task recorded them.
 */
export function rerunSpec(detail: OutputDetail): BatchSpecInput {
  const { task, batch, inputs } = detail;
  const entry = findModel(task.provider, task.model);
  const promptField = entry?.promptField ?? 'prompt';
  const imageField = inputs.length > 0 ? entry?.images?.field : undefined;
  const params = Object.fromEntries(
    Object.entries(task.params).filter(([key]) => key !== promptField && key !== imageField),
  );
  return {
    name: `Re-run of ${batch.name || batch.model}`.slice(0, 200),
    provider: task.provider,
    model: task.model,
    params,
    prompts:
      task.prompt === '' ? { kind: 'none' } : { kind: 'text', text: escapeTemplate(task.prompt) },
    inputs:
      inputs.length === 0
        ? { kind: 'none' }
        : { kind: 'files', files: inputs.map((i) => i.path), together: inputs.length > 1 },
    output: { dir: batch.outDir, template: batch.template, collision: 'suffix' },
  };
}

/** Parameter values as a person reads them ({width, height} -> 1024 × 768). */
export function formatParam(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => formatParam(item)).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.width === 'number' && typeof record.height === 'number') {
      return `${record.width} × ${record.height}`;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

export interface CompareRow {
  key: string;
  values: string[];
  differs: boolean;
}

/** One row per parameter any compared output has; rows that differ are flagged and first. */
export function compareRows(items: readonly HistoryItem[]): CompareRow[] {
  const keys = new Set<string>(['provider', 'model', 'seed']);
  for (const item of items) for (const key of Object.keys(item.params)) keys.add(key);
  const rows: CompareRow[] = [...keys].map((key) => {
    const values = items.map((item) => {
      if (key === 'provider') return item.provider;
      if (key === 'model') return item.model;
      if (key === 'seed') return formatParam(item.seed ?? item.params.seed);
      return formatParam(item.params[key]);
    });
    return { key, values, differs: new Set(values).size > 1 };
  });
  return rows.sort((a, b) => Number(b.differs) - Number(a.differs));
}

/** Lineage without the output itself, newest first, one entry per output. */
export function lineageOf(detail: OutputDetail): {
  producedBy: HistoryItem[];
  usedBy: HistoryItem[];
} {
  const self = detail.output.id;
  const clean = (items: readonly HistoryItem[]) => {
    const seen = new Set<number>();
    return items
      .filter(
        (item) => item.outputId !== self && !seen.has(item.outputId) && seen.add(item.outputId),
      )
      .sort((a, b) => b.createdAt - a.createdAt);
  };
  return { producedBy: clean(detail.lineage.producedBy), usedBy: clean(detail.lineage.usedBy) };
}
