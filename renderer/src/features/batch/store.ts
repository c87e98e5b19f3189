// The batch builder's store: the draft as typed, the scan of dropped inputs, the dry run. The
// draft is the user's own; everything about batches after "Start" belongs to main (queue store).
import { create } from 'zustand';
import { CATALOG } from '../../../../shared/catalog/index';
import type { Output } from '../../../../shared/ipc/contract';
import type { Currency, ProviderId } from '../../../../shared/catalog/types';
import { request } from '../../lib/request';
import type { IssueList } from '../../lib/request';
import { applyPresetToRaw } from './presets';
import type { Preset } from './presets';
import { selectEntry, selectSpec, withoutProblemFiles } from './selectors';
import { defaultBudgetText } from './spec';
import { INITIAL_DRAFT, defaultsOf } from './draft-defaults';
import type { SavedDraft } from './draft-storage';
import type {
  BatchDraft,
  Collision,
  InputFileView,
  ParamVariation,
  PromptMode,
  RawValue,
} from './types';

export type DryRun = Output<'batch.dryRun'>;

export type DryRunState =
  | { status: 'idle' }
  | { status: 'loading'; previous: DryRun | null }
  | { status: 'ready'; result: DryRun }
  | { status: 'error'; message: string; issues: IssueList };

interface BatchState extends BatchDraft {
  /** Default budget caps from the settings, per currency: the budget field starts there. */
  budgetDefaults: Partial<Record<Currency, number>>;
  scanning: boolean;
  scanError: string | null;
  skipped: { path: string; reason: string }[];
  dryRun: DryRunState;
  starting: boolean;
  startError: string | null;
  /** The preset last chosen (or saved) for the current model. */
  presetId: string | null;
  setName: (name: string) => void;
  setModel: (provider: ProviderId, model: string) => void;
  setRaw: (key: string, value: RawValue) => void;
  touch: (key: string) => void;
  /** Fills the parameter fields from a preset; answers the saved fields the model lacks. */
  applyPreset: (preset: Preset) => string[];
  setPresetId: (id: string | null) => void;
  revealErrors: () => void;
  addPaths: (paths: string[]) => Promise<void>;
  removeInput: (path: string) => void;
  /** Drops every input planning would refuse ("Remove N files with problems"). */
  removeProblemFiles: () => void;
  clearInputs: () => void;
  setRecursive: (recursive: boolean) => Promise<void>;
  setTogether: (together: boolean) => void;
  setPrompt: (patch: Partial<BatchDraft['prompt']> & { mode?: PromptMode }) => void;
  setVariations: (patch: { seeds?: string; repeat?: string; params?: ParamVariation[] }) => void;
  setOutput: (patch: { dir?: string; template?: string; collision?: Collision }) => void;
  setBudget: (budget: string) => void;
  applyDefaults: (defaults: {
    dir?: string | null;
    template?: string | null;
    collision?: Collision;
    budget?: Partial<Record<Currency, number>>;
  }) => void;
  refreshDryRun: () => Promise<void>;
  start: () => Promise<string | null>;
  /** Puts back a draft saved before a reload; its dropped paths are scanned again. */
  restore: (saved: SavedDraft) => Promise<void>;
  /** Empties the form (the Clear button): back to the first model and no inputs. */
  reset: () => void;
}

/** Sequence number of the newest dry run: an older answer arriving late is dropped. */
let dryRunSeq = 0;
/** The same for scans: a scan for the previous model must not overwrite the newer verdict. */
let scanSeq = 0;

/** The currency a model prices in; undefined when it has no known price. */
function currencyOf(provider: ProviderId, model: string): Currency | undefined {
  try {
    return selectEntry({ provider, model })?.price({}).currency;
  } catch {
    return undefined;
  }
}

export const useBatch = create<BatchState>()((set, get) => ({
  ...INITIAL_DRAFT,
  budgetDefaults: {},
  scanning: false,
  scanError: null,
  skipped: [],
  dryRun: { status: 'idle' },
  starting: false,
  startError: null,
  presetId: null,

  setName: (name) => set({ name }),
  setModel: (provider, model) => {
    set((state) => {
      // Keep what the user typed for fields both models share (prompt, seed, size...).
      const defaults = defaultsOf(provider, model);
      const entry = CATALOG.find((e) => e.provider === provider && e.model === model);
      const shared: Record<string, RawValue> = {};
      for (const hint of entry?.fields ?? []) {
        const typed = state.raw[hint.key];
        if (typed !== undefined && state.touched[`param:${hint.key}`] === true)
          shared[hint.key] = typed;
      }
      // A budget the user has not typed follows the new model's currency.
      const budget = state.touched.budget
        ? state.budget
        : defaultBudgetText(state.budgetDefaults, currencyOf(provider, model));
      return { provider, model, raw: { ...defaults, ...shared }, budget, presetId: null };
    });
    // Each model accepts other files: the scan checks them again against the new one's rules.
    if (get().inputs.roots.length > 0) void get().addPaths([]);
  },
  setRaw: (key, value) =>
    set((state) => ({
      raw: { ...state.raw, [key]: value },
      touched: { ...state.touched, [`param:${key}`]: true },
    })),
  applyPreset: (preset) => {
    const state = get();
    const entry = selectEntry(state);
    if (entry === undefined || preset.provider !== state.provider || preset.model !== state.model)
      return [];
    const applied = applyPresetToRaw(entry, state.raw, preset.params);
    set({
      raw: applied.raw,
      touched: { ...state.touched, ...applied.touched },
      presetId: preset.id,
    });
    return applied.ignored;
  },
  setPresetId: (presetId) => set({ presetId }),
  revealErrors: () => set({ showAllErrors: true }),
  touch: (key) =>
    set((state) => (state.touched[key] ? state : { touched: { ...state.touched, [key]: true } })),

  addPaths: async (paths) => {
    const roots = [...new Set([...get().inputs.roots, ...paths])];
    const seq = ++scanSeq;
    set({ scanning: true, scanError: null });
    const state = get();
    const result = await request('files.scan', {
      paths: roots,
      recursive: state.inputs.recursive,
      provider: state.provider,
      model: state.model,
    });
    if (seq !== scanSeq) return;
    if (!result.ok) {
      set({ scanning: false, scanError: result.message });
      return;
    }
    const files: InputFileView[] = result.value.files;
    set((current) => ({
      scanning: false,
      skipped: result.value.skipped,
      scanError: result.value.truncated
        ? 'Only the first images were added: the folder holds more.'
        : null,
      inputs: { ...current.inputs, roots, files },
      touched: { ...current.touched, inputs: true },
    }));
  },
  removeInput: (path) =>
    set((state) => {
      const files = state.inputs.files.filter((file) => file.path !== path);
      // A file taken out of a scanned folder turns the folder into an explicit list of files.
      const roots = state.inputs.roots.includes(path)
        ? state.inputs.roots.filter((root) => root !== path)
        : files.map((file) => file.path);
      return { inputs: { ...state.inputs, roots, files } };
    }),
  removeProblemFiles: () => set((state) => ({ inputs: withoutProblemFiles(state.inputs) })),
  clearInputs: () => {
    // A scan still running would otherwise put the files back.
    scanSeq++;
    set((state) => ({
      inputs: { ...state.inputs, roots: [], files: [] },
      skipped: [],
      scanError: null,
    }));
  },
  setRecursive: async (recursive) => {
    set((state) => ({ inputs: { ...state.inputs, recursive } }));
    const roots = get().inputs.roots;
    if (roots.length > 0) {
      set((state) => ({ inputs: { ...state.inputs, roots: [] } }));
      await get().addPaths(roots);
    }
  },
  setTogether: (together) => set((state) => ({ inputs: { ...state.inputs, together } })),
  setPrompt: (patch) =>
    set((state) => ({
      prompt: { ...state.prompt, ...patch },
      touched: {
        ...state.touched,
        ...('text' in patch || 'lines' in patch || 'fallback' in patch ? { prompt: true } : {}),
        ...('file' in patch ? { promptFile: true } : {}),
      },
    })),
  setVariations: (patch) =>
    set((state) => ({
      variations: { ...state.variations, ...patch },
      touched: {
        ...state.touched,
        ...('seeds' in patch ? { seeds: true } : {}),
        ...('repeat' in patch ? { repeat: true } : {}),
        ...('params' in patch ? { variations: true } : {}),
      },
    })),
  setOutput: (patch) =>
    set((state) => ({
      output: { ...state.output, ...patch },
      touched: {
        ...state.touched,
        ...('dir' in patch ? { 'output.dir': true } : {}),
        ...('template' in patch ? { 'output.template': true } : {}),
      },
    })),
  setBudget: (budget) => set((state) => ({ budget, touched: { ...state.touched, budget: true } })),
  applyDefaults: ({ dir, template, collision, budget }) =>
    set((state) => {
      const budgetDefaults = budget ?? state.budgetDefaults;
      return {
        output: {
          dir: state.output.dir || (dir ?? ''),
          template: state.output.template || (template ?? ''),
          collision: collision ?? state.output.collision,
        },
        budgetDefaults,
        // A budget the user typed (or cleared) is theirs; otherwise it starts at the default.
        budget: state.touched.budget
          ? state.budget
          : defaultBudgetText(budgetDefaults, currencyOf(state.provider, state.model)),
      };
    }),

  refreshDryRun: async () => {
    const spec = selectSpec(get());
    if (!spec.ok) {
      set({ dryRun: { status: 'idle' } });
      return;
    }
    const seq = ++dryRunSeq;
    const current = get().dryRun;
    const previous =
      current.status === 'ready'
        ? current.result
        : current.status === 'loading'
          ? current.previous
          : null;
    set({ dryRun: { status: 'loading', previous } });
    const result = await request('batch.dryRun', { spec: spec.spec });
    if (seq !== dryRunSeq) return;
    set({
      dryRun: result.ok
        ? { status: 'ready', result: result.value }
        : { status: 'error', message: result.message, issues: result.issues },
    });
  },

  start: async () => {
    const spec = selectSpec(get());
    if (!spec.ok) {
      set({ showAllErrors: true });
      return null;
    }
    set({ starting: true, startError: null });
    const result = await request('batch.create', { spec: spec.spec });
    if (!result.ok) {
      set({ starting: false, startError: result.message, showAllErrors: true });
      return null;
    }
    set({ starting: false, showAllErrors: false, touched: {} });
    return result.value.batchId;
  },

  restore: async (saved) => {
    const { inputs, ...rest } = saved;
    set((state) => ({
      ...rest,
      inputs: { ...state.inputs, ...inputs, roots: [], files: [] },
      showAllErrors: false,
      presetId: null,
    }));
    if (inputs.roots.length > 0) await get().addPaths(inputs.roots);
  },
  reset: () => {
    dryRunSeq++;
    scanSeq++;
    set((state) => ({
      ...INITIAL_DRAFT,
      budget: defaultBudgetText(
        state.budgetDefaults,
        currencyOf(INITIAL_DRAFT.provider, INITIAL_DRAFT.model),
      ),
      skipped: [],
      scanError: null,
      dryRun: { status: 'idle' },
      startError: null,
      presetId: null,
    }));
  },
}));
