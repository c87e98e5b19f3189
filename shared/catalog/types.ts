import type { z } from 'zod';

/** The providers Genloom speaks to. Their ids are part of the CLI contract (`--provider`). */
export const PROVIDER_IDS = ['poyo', 'apixo', 'modelverse'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type MediaKind = 'image' | 'video';

/** Money as the provider bills it: PoYo bills credits, APIXO bills US dollars. */
export type Currency = 'USD' | 'credits';

export interface CostEstimate {
  /** null when the documents give no price for this model. */
  amount: number | null;
  currency: Currency;
  /** How the figure was reached, in words a user understands ("4.2 credits x 2 images"). */
  basis: string;
}

/** Documented limits for local input images, checked before upload. */
export interface ImageLimits {
  formats: readonly ('jpeg' | 'png' | 'webp' | 'bmp' | 'gif')[];
  minSide?: number;
  maxSide?: number;
  /** Longest side / shortest side. */
  maxAspectRatio?: number;
  maxBytes?: number;
  alphaAllowed: boolean;
}

/** Display hints for the parameter form, generated from the catalog. */
export interface FieldHint {
  key: string;
  label: string;
  control:
    'textarea' | 'text' | 'integer' | 'number' | 'boolean' | 'select' | 'size' | 'images' | 'json';
  options?: readonly (string | number)[];
  min?: number;
  max?: number;
  default?: unknown;
  help?: string;
  required?: boolean;
  /** Shown in the "advanced" part of the form. */
  advanced?: boolean;
}

/** One issue found by validation: the field and the rule it breaks, in plain words. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `size.width` or `bbox_list.0`. Empty for the request as a whole. */
  field: string;
  message: string;
}

export type ValidationResult<T = Record<string, unknown>> =
  { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export interface ModelEntry {
  provider: ProviderId;
  /** The provider's own model id, as sent on the wire. */
  model: string;
  title: string;
  kind: MediaKind;
  summary: string;
  /**
   * The input as the user gives it, in the provider's own field names, with every documented
   * rule (cross-field ones in superRefine). Strict: unknown fields are refused.
   */
  schema: z.ZodType<Record<string, unknown>>;
  /** The field that takes input images, and how many it takes. null for text-only models. */
  images: { field: string; min: number; max: number; required: boolean } | null;
  imageLimits: ImageLimits | null;
  /** The field that holds the prompt. */
  promptField: string;
  /** How many outputs one request yields, for estimates and partial-success refunds. */
  outputsPerRequest: (input: Record<string, unknown>) => number;
  price: (input: Record<string, unknown>) => CostEstimate;
  /** Optional: the price rule in words for listings ("4.2 credits per image, x n"). */
  priceRule?: string;
  fields: readonly FieldHint[];
  /** Polling guidance from the provider's documents, in milliseconds. */
  polling: PollingHint;
  /**
   * Optional: polling guidance that depends on the request (APIXO documents longer waits for
   * edits and sequential sets). Falls back to `polling`; read it through `pollingFor()`.
   */
  pollingFor?: (input: Record<string, unknown>) => PollingHint;
}

export interface PollingHint {
  firstPollMs: number;
  intervalMs: number;
}
