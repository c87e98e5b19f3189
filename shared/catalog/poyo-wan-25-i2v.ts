// PoYo wan2.5-image-to-video (seed 001, PoYo capability catalog).
import { imageList, oneOf, plainText, seedField, strictInput, textField, textOf } from './common';
import { formatAmount } from './cost';
import { POYO_VIDEO_POLLING } from './polling';
import type { CostEstimate, FieldHint, ModelEntry } from './types';

const RESOLUTIONS = ['480p', '720p', '1080p'] as const;
const DURATIONS = [5, 10] as const;

/** Catalog billing: price_table[resolution][duration], in credits per request. */
const PRICE_TABLE: Record<(typeof RESOLUTIONS)[number], Record<'5' | '10', number>> = {
  '480p': { '5': 30, '10': 60 },
  '720p': { '5': 60, '10': 120 },
  '1080p': { '5': 90, '10': 180 },
};

const schema = strictInput({
  // The catalog lists prompt as required (seed 001 only shows it in the example) and caps it at
  // 1500 characters; upstream would truncate silently, so we refuse instead.
  prompt: textField({ max: 1500 }),
  image_urls: imageList(1, 1),
  resolution: oneOf(RESOLUTIONS).optional(),
  duration: oneOf(DURATIONS).optional(),
  audio: plainText().optional(),
  negative_prompt: plainText().optional(),
  seed: seedField().optional(),
});

const fields: readonly FieldHint[] = [
  {
    key: 'prompt',
    label: 'Prompt',
    control: 'textarea',
    max: 1500,
    required: true,
    help: 'The motion and scene.',
  },
  {
    key: 'image_urls',
    label: 'Image',
    control: 'images',
    min: 1,
    max: 1,
    required: true,
    help: 'Exactly one image to animate.',
  },
  {
    key: 'resolution',
    label: 'Resolution',
    control: 'select',
    options: RESOLUTIONS,
    default: '720p',
  },
  {
    key: 'duration',
    label: 'Duration (seconds)',
    control: 'select',
    options: DURATIONS,
    default: 5,
  },
  {
    key: 'negative_prompt',
    label: 'Negative prompt',
    control: 'textarea',
    advanced: true,
    help: 'What to avoid.',
  },
  {
    key: 'audio',
    label: 'Audio',
    control: 'text',
    advanced: true,
    help: 'Optional audio setting passed to the upstream model.',
  },
  { key: 'seed', label: 'Seed', control: 'integer', min: 0, max: 2147483647, advanced: true },
];

function price(input: Record<string, unknown>): CostEstimate {
  const resolution = textOf(input, 'resolution', '720p');
  const duration = input['duration'] === 10 ? '10' : '5';
  const row = PRICE_TABLE[resolution as keyof typeof PRICE_TABLE] ?? PRICE_TABLE['720p'];
  const amount = row[duration];
  return {
    amount,
    currency: 'credits',
    basis: `${formatAmount(amount, 'credits')} per ${duration} s video at ${resolution in PRICE_TABLE ? resolution : '720p'}`,
  };
}

export const POYO_WAN_25_I2V: ModelEntry = {
  provider: 'poyo',
  model: 'wan2.5-image-to-video',
  title: 'Wan 2.5 Image to Video',
  kind: 'video',
  summary: 'Animates one image into a 5 or 10 second clip.',
  schema,
  images: { field: 'image_urls', min: 1, max: 1, required: true },
  // Not documented by PoYo for this model.
  imageLimits: null,
  promptField: 'prompt',
  outputsPerRequest: () => 1,
  price,
  priceRule:
    'credits per video by resolution and duration (5 s / 10 s): 480p 30/60, 720p 60/120, 1080p 90/180',
  fields,
  polling: POYO_VIDEO_POLLING,
};
