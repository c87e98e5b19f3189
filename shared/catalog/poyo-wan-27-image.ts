// PoYo wan-2.7-image and wan-2.7-image-pro (seed 000, PoYo capability catalog).
import {
  countOf,
  imageList,
  seedField,
  sizeField,
  strictInput,
  textField,
  wholeNumber,
} from './common';
import { perOutputCost } from './cost';
import { POYO_IMAGE_POLLING } from './polling';
import type { FieldHint, ModelEntry } from './types';

const SIZE_PRESETS = [
  '512x512',
  '1024x1024',
  '768x1024',
  '1024x768',
  '576x1024',
  '1024x576',
] as const;

const schema = strictInput({
  prompt: textField({ max: 5000 }),
  // Seed 000: a preset or a custom {width, height} object; a "WxH" text that is not a preset
  // is not documented, so it is refused rather than guessed at.
  size: sizeField({ presets: SIZE_PRESETS, wxh: false, object: true }).optional(),
  n: wholeNumber(1, 4).optional(),
  seed: seedField().optional(),
  // Present -> edit mode ("1-4 images required" once given); absent -> text-to-image.
  image_urls: imageList(1, 4).optional(),
});

const fields: readonly FieldHint[] = [
  {
    key: 'prompt',
    label: 'Prompt',
    control: 'textarea',
    max: 5000,
    required: true,
    help: 'What to generate or how to edit. Refer to reference images as image 1, image 2, ...',
  },
  {
    key: 'image_urls',
    label: 'Reference images',
    control: 'images',
    min: 1,
    max: 4,
    help: 'Optional. 1-4 images switch the model to edit mode; order matters.',
  },
  {
    key: 'size',
    label: 'Size',
    control: 'size',
    options: SIZE_PRESETS,
    default: '1024x1024',
    help: 'A preset, or a custom {width, height} in pixels.',
  },
  { key: 'n', label: 'Images per request', control: 'integer', min: 1, max: 4, default: 1 },
  {
    key: 'seed',
    label: 'Seed',
    control: 'integer',
    min: 0,
    max: 2147483647,
    advanced: true,
    help: 'Optional; the same seed repeats a result.',
  },
];

function wan27Entry(model: string, title: string, credits: number): ModelEntry {
  return {
    provider: 'poyo',
    model,
    title,
    kind: 'image',
    summary: 'Text-to-image, or image editing when reference images are given.',
    schema,
    images: { field: 'image_urls', min: 1, max: 4, required: false },
    // Neither the seed document nor the catalog states formats or pixel limits for this model.
    imageLimits: null,
    promptField: 'prompt',
    outputsPerRequest: (input) => countOf(input, 'n', 1),
    // The catalog bills "per request" but its n field says "Credits are charged by image count".
    price: (input) => perOutputCost(credits, 'credits', countOf(input, 'n', 1), 'image'),
    priceRule: `${credits} credits per image, x n`,
    fields,
    polling: POYO_IMAGE_POLLING,
  };
}

export const POYO_WAN_27_IMAGE = wan27Entry('wan-2.7-image', 'Wan 2.7 Image', 4.2);
export const POYO_WAN_27_IMAGE_PRO = wan27Entry('wan-2.7-image-pro', 'Wan 2.7 Image Pro', 10.5);
