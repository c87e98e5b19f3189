/**
 * Planning's media check: every local media reference of every task (folder inputs and images
 * named through parameters, a CSV column or a flag) is checked once, a few at a time, before
 * the batch is persisted or anything is submitted. Issues name the field and the rule.
 */
import type { ImageLimits, ModelEntry } from '../../../shared/catalog/types';
import type { SpecIssue } from '../../../shared/schemas/batch';
import { checkImage, checkImageBytes } from './image-check';
import { bracketField, isDataRef, isLocalRef, localPathOf, mediaRefs } from './media-refs';

export interface MediaTask {
  params: Record<string, unknown>;
  /** Folder or file inputs: checked under the field `inputs`, named by their relative path. */
  inputs: readonly { path: string; relPath: string }[];
}

export interface MediaPlanOptions {
  limits: ImageLimits;
  /** Relative references are read from here (as at submit: the working folder by default). */
  baseDir?: string;
  /** Files checked at once: each is read and decoded, so a few, not hundreds. */
  concurrency?: number;
  /** Reporting stops here; a batch of broken files needs no thousand lines. */
  maxIssues?: number;
  /** Set when local files named in parameters cannot be hosted (APIXO without PoYo). */
  hostIssue?: string;
}

interface Item {
  field: string;
  label: string;
  /** The absolute path, or the data URL itself. */
  source: string;
  kind: 'file' | 'data';
}

/** Each distinct file once: the first place it is named gives the field and the label. */
function itemsOf(entry: ModelEntry, tasks: readonly MediaTask[], baseDir: string): Item[] {
  const items = new Map<string, Item>();
  for (const task of tasks) {
    for (const input of task.inputs) {
      if (!items.has(input.path)) {
        items.set(input.path, {
          field: 'inputs',
          label: input.relPath,
          source: input.path,
          kind: 'file',
        });
      }
    }
  }
  for (const task of tasks) {
    for (const ref of mediaRefs(entry, task.params)) {
      const data = ref.declared && isDataRef(ref.ref);
      if (!data && !isLocalRef(ref)) continue;
      const source = data ? ref.ref : localPathOf(ref.ref, baseDir);
      if (items.has(source)) continue;
      const label = data ? 'the data URL image' : ref.ref;
      const field = `params.${bracketField(ref.at)}`;
      items.set(source, { field, label, source, kind: data ? 'data' : 'file' });
    }
  }
  return [...items.values()];
}

async function checkItem(item: Item, limits: ImageLimits): Promise<string[]> {
  if (item.kind === 'data') {
    const comma = item.source.indexOf(',');
    const bytes = Buffer.from(item.source.slice(comma + 1), 'base64');
    const checked = await checkImageBytes(bytes, item.label, limits);
    return checked.ok ? [] : checked.issues;
  }
  const checked = await checkImage(item.source, limits, item.label);
  return checked.ok ? [] : checked.issues;
}

export async function checkTaskMedia(
  entry: ModelEntry,
  tasks: readonly MediaTask[],
  opts: MediaPlanOptions,
): Promise<SpecIssue[]> {
  const items = itemsOf(entry, tasks, opts.baseDir ?? process.cwd());
  const maxIssues = opts.maxIssues ?? 20;
  const first: SpecIssue[] = [];
  const fromParams = items.find((i) => i.field !== 'inputs' && i.kind === 'file');
  if (opts.hostIssue !== undefined && fromParams !== undefined) {
    first.push({ field: fromParams.field, message: opts.hostIssue });
  }
  const found: SpecIssue[][] = items.map(() => []);
  let count = first.length;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length && count < maxIssues; i = next++) {
      const item = items[i] as Item;
      const issues = await checkItem(item, opts.limits);
      count += issues.length;
      found[i] = issues.map((message) => ({ field: item.field, message }));
    }
  };
  const workers = Math.min(opts.concurrency ?? 4, items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  // In the order the files are named, whichever finished first.
  return [...first, ...found.flat()].slice(0, maxIssues);
}
