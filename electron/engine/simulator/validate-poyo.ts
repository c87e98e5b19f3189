import {
  TIER_PIXELS,
  fail,
  isObj,
  noUnknown,
  optBool,
  optEnum,
  optInt,
  optSeed,
  optString,
  optUrlList,
  parseCustomSize,
  reqObj,
  reqString,
  runValidation,
  unknownModel,
} from './check';
import type { NormalisedRequest, Obj, ValidationOutcome } from './check';

/**
 * PoYo's seed models (seeds 000-002, providers.md §1.8). wan-2.7-image-pro is "same family"
 * there, so it shares the rules of wan-2.7-image.
 */
export const POYO_MODELS = [
  'wan-2.7-image',
  'wan-2.7-image-pro',
  'wan2.5-image-to-video',
  'seedream-5.0-lite',
  'seedream-5.0-lite-edit',
] as const;

const WAN_SIZES = ['512x512', '1024x1024', '768x1024', '1024x768', '576x1024', '1024x576'] as const;
const SEEDREAM_SIZES = [
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

export function validatePoyoSubmit(body: unknown, strict: boolean): ValidationOutcome {
  return runValidation(() => {
    if (!isObj(body)) fail('body', 'must be a JSON object');
    noUnknown(body, ['model', 'callback_url', 'input'], '', strict);
    const model = reqString(body, 'model', 'model');
    if (!(POYO_MODELS as readonly string[]).includes(model)) unknownModel(model, POYO_MODELS);
    const callback = optString(body, 'callback_url', 'callback_url');
    if (callback !== undefined && !/^https?:\/\/\S+$/i.test(callback))
      fail('callback_url', 'must be an http(s) URL', callback);
    const input = reqObj(body, 'input', 'input');
    if (model.startsWith('wan-2.7-image')) return wanImage(model, input, strict);
    if (model === 'wan2.5-image-to-video') return wanVideo(model, input, strict);
    return seedream(model, input, strict);
  });
}

function wanImage(model: string, input: Obj, strict: boolean): NormalisedRequest {
  noUnknown(input, ['prompt', 'size', 'n', 'seed', 'image_urls'], 'input', strict);
  const prompt = reqString(input, 'prompt', 'input.prompt', { max: 5000 });
  const n = optInt(input, 'n', 'input.n', 1, 4) ?? 1;
  const seed = optSeed(input, 'seed', 'input.seed');
  // Seed 000: "image_urls ... 1-4 images required" once present; absent means text-to-image.
  const images = optUrlList(input, 'image_urls', 'input.image_urls', { min: 1, max: 4 }, 'http');
  // Seed 000: a preset string or a {width, height} object (default 1024x1024); other strings
  // such as "1280x720" are not listed for this model, so they are refused.
  let size = { width: 1024, height: 1024 };
  const raw = input.size;
  if (typeof raw === 'string') {
    if (!(WAN_SIZES as readonly string[]).includes(raw))
      fail('input.size', `must be one of ${WAN_SIZES.join(', ')} or a {width, height} object`, raw);
    size = parseCustomSize(raw, 'input.size') ?? size;
  } else if (raw !== undefined) {
    const custom = parseCustomSize(raw, 'input.size');
    if (!custom) fail('input.size', 'must be a preset string or a {width, height} object', raw);
    size = custom;
  }
  return {
    model,
    prompt,
    kind: 'image',
    count: n,
    ...size,
    imageRefs: images ?? [],
    seed: seed ?? null,
    durationSec: 0,
  };
}

function seedream(model: string, input: Obj, strict: boolean): NormalisedRequest {
  noUnknown(input, ['prompt', 'size', 'n', 'image_urls', 'enable_safety_checker'], 'input', strict);
  const prompt = reqString(input, 'prompt', 'input.prompt', { min: 3, max: 3000 });
  const n = optInt(input, 'n', 'input.n', 1, 15) ?? 1;
  optBool(input, 'enable_safety_checker', 'input.enable_safety_checker');
  const images = optUrlList(input, 'image_urls', 'input.image_urls', { min: 1, max: 10 }, 'http');
  if (model === 'seedream-5.0-lite-edit' && !images)
    fail('input.image_urls', `is required for ${model} (1 to 10 images)`);
  return {
    model,
    prompt,
    kind: 'image',
    count: n,
    ...seedreamSize(input.size),
    imageRefs: images ?? [],
    seed: null,
    durationSec: 0,
  };
}

/** Seed 002 gives no default size; the simulator assumes 2K when it is absent. */
function seedreamSize(raw: unknown): { width: number; height: number } {
  if (raw === undefined) return { width: 2048, height: 2048 };
  if (typeof raw === 'string' && (SEEDREAM_SIZES as readonly string[]).includes(raw)) {
    const tier = TIER_PIXELS[raw.toLowerCase()];
    if (tier) return { width: tier, height: tier };
    const [w, h] = raw.split(':').map(Number) as [number, number];
    const area = 2048 * 2048;
    const width = Math.round(Math.sqrt((area * w) / h));
    return { width, height: Math.round(area / width) };
  }
  const custom = parseCustomSize(raw, 'input.size');
  if (!custom)
    fail(
      'input.size',
      `must be one of ${SEEDREAM_SIZES.join(', ')}, a "WIDTHxHEIGHT" string or a {width, height} object`,
      raw,
    );
  return custom;
}

const VIDEO_SIZES: Record<string, { width: number; height: number }> = {
  '480p': { width: 854, height: 480 },
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
};

function wanVideo(model: string, input: Obj, strict: boolean): NormalisedRequest {
  noUnknown(
    input,
    ['prompt', 'image_urls', 'resolution', 'duration', 'audio', 'negative_prompt', 'seed'],
    'input',
    strict,
  );
  const prompt = reqString(input, 'prompt', 'input.prompt', { max: 1500 });
  const images = optUrlList(input, 'image_urls', 'input.image_urls', { min: 1, max: 1 }, 'http');
  if (!images) fail('input.image_urls', 'is required (exactly 1 image)');
  // Seed 001 lists resolution and duration without defaults; the simulator assumes 720p, 5 s.
  const resolution = optEnum(input, 'resolution', 'input.resolution', ['480p', '720p', '1080p']);
  const duration = optEnum(input, 'duration', 'input.duration', [5, 10]) ?? 5;
  optString(input, 'audio', 'input.audio');
  optString(input, 'negative_prompt', 'input.negative_prompt');
  // -1 ("random") is the documented lower bound for the same upstream model on Modelverse.
  const seed = optInt(input, 'seed', 'input.seed', -1, 2147483647);
  return {
    model,
    prompt,
    kind: 'video',
    count: 1,
    ...(VIDEO_SIZES[resolution ?? '720p'] ?? { width: 1280, height: 720 }),
    imageRefs: images,
    seed: seed ?? null,
    durationSec: duration,
  };
}
