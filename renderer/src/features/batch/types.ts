// The batch builder's draft: everything as the user typed it (strings), so an error never
// costs them their input. Conversion to typed values happens in selectors.
import type { ProviderId } from '../../../../shared/catalog/types';

/** Text for text-like and numeric fields, a boolean for switches. */
export type RawValue = string | boolean;

export type PromptMode = 'text' | 'lines' | 'list' | 'csv' | 'sidecar';

export type Collision = 'suffix' | 'overwrite' | 'skip';

/** One input image as main described it after a scan. */
export interface InputFileView {
  path: string;
  relPath: string;
  bytes: number;
  width?: number | null;
  height?: number | null;
  /** Lower-case format ('png', 'jpeg', ...) as detected from the content when known. */
  format?: string | null;
  hasAlpha?: boolean | null;
  /**
   * What planning would refuse in this file for the model it was scanned for, each rule
   * prefixed by relPath (main's scan runs planning's checks); absent before a scan.
   */
  issues?: string[];
  /** A URL main serves the thumbnail (or the file) at. */
  thumbUrl?: string | null;
}

export interface ParamVariation {
  key: string;
  /** Comma-separated values as typed. */
  values: string;
}

export interface BatchDraft {
  name: string;
  provider: ProviderId;
  model: string;
  /** Raw values by field key; kept across model switches for keys both models share. */
  raw: Record<string, RawValue>;
  /** Fields the user has edited: their errors show at once; others after "Start". */
  touched: Record<string, true>;
  showAllErrors: boolean;
  inputs: {
    /** What the user dropped or typed: folders and files. */
    roots: string[];
    recursive: boolean;
    /** Use every file as the images of every task (multi-image models). */
    together: boolean;
    files: InputFileView[];
  };
  prompt: {
    mode: PromptMode;
    text: string;
    /** One prompt per line (inline list). */
    lines: string;
    /** A .txt or .csv path for list and csv modes. */
    file: string;
    /** Prompt for images without a sidecar .txt. */
    fallback: string;
  };
  variations: {
    seeds: string;
    repeat: string;
    params: ParamVariation[];
  };
  output: {
    dir: string;
    template: string;
    collision: Collision;
  };
  budget: string;
}

/** Errors by form key ('param:size', 'seeds', 'output.template', ...): the rule in words. */
export type FormErrors = Record<string, string>;
