// PoYo seedream-5.0-lite and seedream-5.0-lite-edit (seed 002, PoYo capability catalog).
import {
  booleanField,
  countOf,
  imageList,
  sizeField,
  strictInput,
  textField,
  wholeNumber,
} from './common';
import { perOutputCost } from './cost';
import { POYO_IMAGE_POLLING } from './polling';
import type { FieldHint, ModelEntry } from './types';

const SIZE_PRESETS = [
  '2K',
  '3K',
  '1:1',
  '4:3',
  '3:4',
  '16:9',
  '9:16',
  '3:2',
  '2:3',
  '21:9',
] as const;

/** Catalog billing: 5 credits, pre-deducted per image ("based on this count", field n). */
const CREDITS_PER_IMAGE = 5;

function seedreamEntry(edit: boolean): ModelEntry {
  const images = imageList(1, 10);
  const schema = strictInput({
    prompt: textField({ min: 3, max: 3000 }),
    // The catalog describes image_urls on both ids; only -edit requires it.
    image_urls: edit ? images : images.optional(),
    size: sizeField({ presets: SIZE_PRESETS, wxh: true, object: true }).optional(),
    n: wholeNumber(1, 15).optional(),
    enable_safety_checker: booleanField().optional(),
  });
  const fields: readonly FieldHint[] = [
    {
      key: 'prompt',
      label: 'Prompt',
      control: 'textarea',
      min: 3,
      max: 3000,
      required: true,
    },
    {
      key: 'image_urls',
      label: 'Reference images',
      control: 'images',
      min: 1,
      max: 10,
      required: edit,
      help: edit
        ? '1-10 images to edit or combine (JPEG or PNG).'
        : 'Optional: 1-10 reference images (JPEG or PNG).',
    },
    {
      key: 'size',
      label: 'Size',
      control: 'size',
      options: SIZE_PRESETS,
      default: '1:1',
      help: 'A resolution (2K, 3K), a ratio, WIDTHxHEIGHT text or {width, height}.',
    },
    { key: 'n', label: 'Images per request', control: 'integer', min: 1, max: 15, default: 1 },
    {
      key: 'enable_safety_checker',
      label: 'Safety checker',
      control: 'boolean',
      default: true,
      advanced: true,
    },
  ];
  return {
    provider: 'poyo',
    model: edit ? 'seedream-5.0-lite-edit' : 'seedream-5.0-lite',
    title: edit ? 'Seedream 5.0 Lite Edit' : 'Seedream 5.0 Lite',
    kind: 'image',
    summary: edit
      ? 'Edits or combines 1-10 reference images.'
      : 'Text-to-image and image-to-image with optional reference images.',
    schema,
    images: { field: 'image_urls', min: 1, max: 10, required: edit },
    // Catalog: "Supported formats: JPEG, PNG". No pixel or byte limits are documented.
    imageLimits: { formats: ['jpeg', 'png'], alphaAllowed: true },
    promptField: 'prompt',
    outputsPerRequest: (input) => countOf(input, 'n', 1),
    price: (input) => perOutputCost(CREDITS_PER_IMAGE, 'credits', countOf(input, 'n', 1), 'image'),
    priceRule: `${CREDITS_PER_IMAGE} credits per image, x n (pre-deducted for n)`,
    fields,
    polling: POYO_IMAGE_POLLING,
  };
}

export const POYO_SEEDREAM_50_LITE = seedreamEntry(false);
export const POYO_SEEDREAM_50_LITE_EDIT = seedreamEntry(true);
