// Plain functions over the batch draft: no React, no store, testable in node.
import { inputLimitsOf, inputLimitsText } from '../../../../shared/catalog/describe';
import { findModel } from '../../../../shared/catalog/index';
import type { ModelEntry } from '../../../../shared/catalog/types';
import type { BatchSpecInput } from '../../../../shared/schemas/batch';
import { baseName } from '../../lib/format';
import { catalogErrors, fieldLabel, paramsFromRaw } from './draft-params';
import { plainWords } from './plain-words';
import { panelErrors, specFromDraft } from './spec';
import type { BatchDraft, FormErrors, InputFileView } from './types';

export function selectEntry(draft: Pick<BatchDraft, 'provider' | 'model'>): ModelEntry | undefined {
  return findModel(draft.provider, draft.model);
}

/** The prompt used to check the catalog's prompt rule now; null when it comes from files. */
export function samplePrompt(draft: BatchDraft): string | null {
  const { mode, text, lines } = draft.prompt;
  if (mode === 'text') return text;
  if (mode === 'lines') {
    const all = lines.split('\n').filter((line) => line.trim() !== '');
    // The longest line is the one most likely to break a length rule.
    return all.reduce(
      (longest, line) => ([...line].length > [...longest].length ? line : longest),
      '',
    );
  }
  return null;
}

/** How many images each task will carry, for the catalog's image count rule. */
export function imagesPerTask(draft: BatchDraft): number {
  const count = draft.inputs.files.length;
  if (count === 0) return 0;
  return draft.inputs.together ? count : 1;
}

/** Every problem in the draft, by form key. Conversion errors win over catalog ones. */
export function selectFormErrors(draft: BatchDraft): FormErrors {
  const entry = selectEntry(draft);
  if (entry === undefined) {
    return { model: `choose a model (${draft.provider}/${draft.model} is not in the catalog)` };
  }
  const { params, errors: conversion } = paramsFromRaw(entry, draft.raw);
  const prompt = samplePrompt(draft);
  // Prompts from files are checked per task by the dry run; a stand-in satisfies "required".
  const catalog = catalogErrors(entry, params, prompt ?? 'prompt', imagesPerTask(draft));
  // The catalog's rules name other fields by API key; the form shows their labels.
  for (const [key, message] of Object.entries(catalog)) catalog[key] = plainWords(entry, message);
  if (draft.prompt.mode === 'lines' && prompt === '')
    catalog.prompt = 'must hold at least one prompt';
  return { ...catalog, ...panelErrors(draft, entry), ...conversion };
}

/** Errors the user should see now: edited fields at once, the rest after a start attempt. */
export function visibleErrors(draft: BatchDraft, errors: FormErrors): FormErrors {
  if (draft.showAllErrors) return errors;
  const shown: FormErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (draft.touched[key] === true) shown[key] = message;
  }
  return shown;
}

/** "Seed: must be ..." lines for a summary, naming each field. */
export function errorLines(draft: BatchDraft, errors: FormErrors): string[] {
  const entry = selectEntry(draft);
  return Object.entries(errors).map(([key, message]) => `${fieldLabel(entry, key)}: ${message}`);
}

export type SpecResult = { ok: true; spec: BatchSpecInput } | { ok: false; errors: FormErrors };

export function selectSpec(draft: BatchDraft): SpecResult {
  const errors = selectFormErrors(draft);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const entry = selectEntry(draft) as ModelEntry;
  const { params } = paramsFromRaw(entry, draft.raw);
  return { ok: true, spec: specFromDraft(draft, entry, params) };
}

export interface InputBadge {
  file: InputFileView;
  name: string;
  problems: string[];
}

/** "photos/x.png: is not an image..." reads "is not an image..." on x.png's own thumbnail. */
function withoutLabel(issue: string, relPath: string): string {
  return issue.startsWith(`${relPath}: `) ? issue.slice(relPath.length + 2) : issue;
}

/**
 * Each input with the rules it breaks for the chosen model (empty when it fits). The verdict
 * is the scan's: main checks each file with the checks planning runs (limitsFor, checkImage),
 * so a badge shows exactly what the dry run would refuse, and nothing it would not.
 */
export function inputBadges(draft: BatchDraft): InputBadge[] {
  return draft.inputs.files.map((file) => ({
    file,
    name: baseName(file.relPath),
    problems: (file.issues ?? []).map((issue) => withoutLabel(issue, file.relPath)),
  }));
}

const hasProblems = (file: InputFileView): boolean => (file.issues ?? []).length > 0;

/** How many inputs planning would refuse. */
export function problemFileCount(draft: Pick<BatchDraft, 'inputs'>): number {
  return draft.inputs.files.filter(hasProblems).length;
}

/**
 * The inputs without the files planning would refuse, so the batch starts with the rest. The
 * good files become the explicit list (a folder root would bring the bad ones back).
 */
export function withoutProblemFiles(inputs: BatchDraft['inputs']): BatchDraft['inputs'] {
  const files = inputs.files.filter((file) => !hasProblems(file));
  return { ...inputs, roots: files.map((file) => file.path), files };
}

/** What input files the model accepts, in words (the drop zone and the model card). */
export function inputRulesText(entry: ModelEntry): string {
  return inputLimitsText(inputLimitsOf(entry));
}
