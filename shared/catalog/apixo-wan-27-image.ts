// APIXO wan-2-7-image (seed 003): modes, resolution tiers, sequential sets, boxes, palettes.
import { bboxListField, colorPaletteField } from './apixo-wan-27-parts';
import {
  booleanField,
  countOf,
  imageList,
  oneOf,
  plural,
  seedField,
  strictInput,
  textField,
  textOf,
  wholeNumberFrom,
} from './common';
import { perOutputCost } from './cost';
import { APIXO_EDIT_POLLING, APIXO_SEQUENTIAL_POLLING, APIXO_TEXT_POLLING } from './polling';
import type { CostEstimate, FieldHint, ModelEntry, PollingHint } from './types';

const MODES = ['omni-image', 'omni-image-pro'] as const;
const RESOLUTIONS = ['1k', '2k', '4k'] as const;
/** Seed 003, "Billing": US dollars per generated image. */
const UNIT_PRICE: Record<(typeof MODES)[number], number> = {
  'omni-image': 0.03,
  'omni-image-pro': 0.075,
};

const NUM_IMAGES_RULE = 'must be a whole number from 1 to 4 (1 to 12 with enable_sequential on)';

const base = strictInput({
  // Seed 003 lists the two modes without a default, and the price depends on it: required.
  mode: oneOf(MODES),
  prompt: textField({ max: 5000 }),
  image_urls: imageList(1, 9).optional(),
  resolution: oneOf(RESOLUTIONS).optional(),
  // The upper bound depends on enable_sequential, so it is checked below.
  num_images: wholeNumberFrom(1, NUM_IMAGES_RULE).optional(),
  enable_sequential: booleanField().optional(),
  bbox_list: bboxListField.optional(),
  color_palette: colorPaletteField.optional(),
  watermark: booleanField().optional(),
  seed: seedField().optional(),
});

const schema = base.superRefine((input, ctx) => {
  const sequential = input.enable_sequential === true;
  const imageCount = input.image_urls?.length ?? 0;
  const hasImages = input.image_urls !== undefined;

  if (input.resolution === '4k') {
    const reasons: string[] = [];
    if (input.mode !== 'omni-image-pro') reasons.push(`mode is ${input.mode}`);
    if (hasImages) reasons.push('image_urls is given');
    if (sequential) reasons.push('enable_sequential is on');
    if (reasons.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['resolution'],
        message: `4k needs mode omni-image-pro, no image_urls and enable_sequential off (here ${reasons.join(', ')})`,
      });
    }
  }

  const maxImages = sequential ? 12 : 4;
  if (input.num_images !== undefined && input.num_images > maxImages) {
    ctx.addIssue({
      code: 'custom',
      path: ['num_images'],
      message: sequential
        ? `must be a whole number from 1 to 12 with enable_sequential on (got ${input.num_images})`
        : `${NUM_IMAGES_RULE} (got ${input.num_images})`,
    });
  }

  if (input.bbox_list !== undefined) {
    if (!hasImages) {
      ctx.addIssue({
        code: 'custom',
        path: ['bbox_list'],
        message: 'needs image_urls: give one list of boxes per input image',
      });
    } else if (input.bbox_list.length !== imageCount) {
      ctx.addIssue({
        code: 'custom',
        path: ['bbox_list'],
        message: `must have one entry per image in image_urls (${plural(imageCount, 'image')}, ${plural(input.bbox_list.length, 'entry')}); use [] for an image without boxes`,
      });
    }
  }

  if (input.color_palette !== undefined && sequential) {
    ctx.addIssue({
      code: 'custom',
      path: ['color_palette'],
      message: 'is only available with enable_sequential off',
    });
  }
});

const fields: readonly FieldHint[] = [
  {
    key: 'mode',
    label: 'Mode',
    control: 'select',
    options: MODES,
    required: true,
    help: 'omni-image: $0.03 per image; omni-image-pro: $0.075 per image, allows 4k.',
  },
  { key: 'prompt', label: 'Prompt', control: 'textarea', max: 5000, required: true },
  {
    key: 'image_urls',
    label: 'Input images',
    control: 'images',
    min: 1,
    max: 9,
    help: 'Optional, 1-9 public image URLs (JPEG, PNG without alpha, BMP, WEBP; 240-8000 px).',
  },
  {
    key: 'resolution',
    label: 'Resolution',
    control: 'select',
    options: RESOLUTIONS,
    help: '4k only with omni-image-pro, no input images and enable_sequential off.',
  },
  {
    key: 'num_images',
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
    key: 'bbox_list',
    label: 'Edit boxes',
    control: 'json',
    advanced: true,
    help: 'One list per input image of up to 2 boxes [x1, y1, x2, y2]; [] for none.',
  },
  {
    key: 'color_palette',
    label: 'Colour palette',
    control: 'json',
    advanced: true,
    help: '3-10 colours {"hex": "#C2D1E6", "ratio": "25.00%"}, ratios adding up to 100.00%.',
  },
  { key: 'watermark', label: 'Watermark', control: 'boolean', advanced: true },
  { key: 'seed', label: 'Seed', control: 'integer', min: 0, max: 2147483647, advanced: true },
];

function price(input: Record<string, unknown>): CostEstimate {
  const mode = textOf(input, 'mode', '');
  const unit = mode === 'omni-image' || mode === 'omni-image-pro' ? UNIT_PRICE[mode] : null;
  if (unit === null) {
    return { amount: null, currency: 'USD', basis: 'the price depends on mode, which is not set' };
  }
  // Seed 003: precharge = requested images x unit price; failed images are refunded.
  return perOutputCost(unit, 'USD', countOf(input, 'num_images', 1), 'image', mode);
}

function polling(input: Record<string, unknown>): PollingHint {
  if (input['enable_sequential'] === true) return APIXO_SEQUENTIAL_POLLING;
  return Array.isArray(input['image_urls']) ? APIXO_EDIT_POLLING : APIXO_TEXT_POLLING;
}

export const APIXO_WAN_27_IMAGE: ModelEntry = {
  provider: 'apixo',
  model: 'wan-2-7-image',
  title: 'Wan 2.7 Image',
  kind: 'image',
  summary: 'Text-to-image, editing with up to 9 images, sequential sets of up to 12 images.',
  schema,
  images: { field: 'image_urls', min: 1, max: 9, required: false },
  imageLimits: {
    formats: ['jpeg', 'png', 'bmp', 'webp'],
    minSide: 240,
    maxSide: 8000,
    maxAspectRatio: 8,
    // "<=20MB": read as 10^6 bytes, the stricter reading, so a file we pass is never refused.
    maxBytes: 20_000_000,
    alphaAllowed: false,
  },
  promptField: 'prompt',
  outputsPerRequest: (input) => countOf(input, 'num_images', 1),
  price,
  priceRule: '$0.03 per image (omni-image) or $0.075 per image (omni-image-pro), x num_images',
  fields,
  polling: APIXO_TEXT_POLLING,
  pollingFor: polling,
};
