// Modelverse wan2.7-image and wan2.7-image-pro (seed 004), in flat wire names: the engine
// splits them into input{prompt, images} and parameters{...} for the async task API.
import {
  booleanField,
  countOf,
  imageList,
  seedField,
  sizeField,
  strictInput,
  textField,
  wholeNumberFrom,
} from './common';
import { unknownCost } from './cost';
import { MODELVERSE_POLLING } from './polling';
import type { FieldHint, ModelEntry } from './types';

const SIZE_PRESETS = ['1K', '2K', '4K'] as const;
const N_RULE = 'must be a whole number from 1 to 4 (1 to 12 with enable_sequential on)';

const base = strictInput({
  // Optional, but a prompt or images is required (below). Seed 004 gives no length limit; the
  // upstream Wan 2.7 API (DashScope, providers.md section 4) takes at most 5000 characters.
  prompt: textField({ max: 5000 }).optional(),
  // Seed 004 gives no count; the Wan 2.7 family takes 0-9 input images (DashScope and APIXO).
  images: imageList(1, 9).optional(),
  // "1K, 2K, 4K, or 1024x1024, 2048x2048, 4096x4096 ... or equivalent resolutions": any WxH.
  // Seed 004 states no 4K restriction for Modelverse, so none is enforced here.
  size: sizeField({ presets: SIZE_PRESETS, wxh: true, object: false }).optional(),
  // "Recommended 1~4. Larger values allowed when enable_sequential is enabled": the Wan 2.7
  // family documents sequential sets of up to 12 images (APIXO seed 003, DashScope), so 1-12.
  n: wholeNumberFrom(1, N_RULE).optional(),
  // "Positive integer recommended. 0 or omitted means unset."
  seed: seedField().optional(),
  watermark: booleanField().optional(),
  enable_sequential: booleanField().optional(),
  // The sync API calls it thinking_mode, the async API prompt_extend ("maps to thinking_mode").
  prompt_extend: booleanField().optional(),
  thinking_mode: booleanField().optional(),
});

const schema = base.superRefine((input, ctx) => {
  const hasPrompt = input.prompt !== undefined && input.prompt.trim() !== '';
  if (!hasPrompt && input.images === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['prompt'],
      message: 'give a prompt, images, or both (at least one is required)',
    });
  }
  const sequential = input.enable_sequential === true;
  if (input.n !== undefined && input.n > (sequential ? 12 : 4)) {
    ctx.addIssue({
      code: 'custom',
      path: ['n'],
      message: sequential
        ? `must be a whole number from 1 to 12 with enable_sequential on (got ${input.n})`
        : `${N_RULE} (got ${input.n})`,
    });
  }
  if (
    input.prompt_extend !== undefined &&
    input.thinking_mode !== undefined &&
    input.prompt_extend !== input.thinking_mode
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['thinking_mode'],
      message:
        'conflicts with prompt_extend: Modelverse treats them as one switch; set one of them, or both to the same value',
    });
  }
});

const fields: readonly FieldHint[] = [
  {
    key: 'prompt',
    label: 'Prompt',
    control: 'textarea',
    max: 5000,
    help: 'A prompt, input images, or both are required.',
  },
  {
    key: 'images',
    label: 'Input images',
    control: 'images',
    min: 1,
    max: 9,
    help: 'Optional, 1-9 images (URL, data URL or local file, sent inline as base64).',
  },
  {
    key: 'size',
    label: 'Size',
    control: 'size',
    options: SIZE_PRESETS,
    help: '1K, 2K, 4K or WIDTHxHEIGHT such as 2048x2048.',
  },
  {
    key: 'n',
    label: 'Images per request',
    control: 'integer',
    min: 1,
    max: 12,
    default: 1,
    help: '1-4; up to 12 with enable_sequential on.',
  },
  {
    key: 'enable_sequential',
    label: 'Sequential image set',
    control: 'boolean',
    default: false,
  },
  {
    key: 'prompt_extend',
    label: 'Prompt extend (thinking mode)',
    control: 'boolean',
    default: false,
    help: 'Same switch as thinking_mode.',
  },
  {
    key: 'thinking_mode',
    label: 'Thinking mode',
    control: 'boolean',
    default: false,
    advanced: true,
    help: 'Same switch as prompt_extend; give one of them.',
  },
  { key: 'watermark', label: 'Watermark', control: 'boolean', default: false, advanced: true },
  {
    key: 'seed',
    label: 'Seed',
    control: 'integer',
    min: 0,
    max: 2147483647,
    advanced: true,
    help: '0 or empty means random.',
  },
];

function modelverseEntry(model: string, title: string): ModelEntry {
  return {
    provider: 'modelverse',
    model,
    title,
    kind: 'image',
    summary: 'Text-to-image, single and multi-image editing, sequential image sets.',
    schema,
    images: { field: 'images', min: 1, max: 9, required: false },
    // Seed 004 documents no format, pixel or size limit for input images.
    imageLimits: null,
    promptField: 'prompt',
    outputsPerRequest: (input) => countOf(input, 'n', 1),
    price: () => unknownCost('USD', 'Modelverse publishes no price for this model'),
    priceRule: 'no published price',
    fields,
    polling: MODELVERSE_POLLING,
  };
}

export const MODELVERSE_WAN_27_IMAGE = modelverseEntry('wan2.7-image', 'Wan 2.7 Image');
export const MODELVERSE_WAN_27_IMAGE_PRO = modelverseEntry('wan2.7-image-pro', 'Wan 2.7 Image Pro');
