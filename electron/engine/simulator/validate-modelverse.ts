import {
  TIER_PIXELS,
  checkImageRef,
  fail,
  isObj,
  noUnknown,
  optBool,
  optInt,
  optObj,
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

/** Modelverse's seed models (seed 004), async task API and sync images API. */
export const MODELVERSE_MODELS = ['wan2.7-image', 'wan2.7-image-pro'] as const;

/**
 * Seed 004 lists 1K, 2K, 4K, 1024x1024, 2048x2048, 4096x4096 for the sync API and "1K, 2K, 4K
 * or equivalent resolutions" for tasks; the simulator reads both as the same six values.
 */
const SIZES = ['1K', '2K', '4K', '1024x1024', '2048x2048', '4096x4096'] as const;

/**
 * Seed 004 gives no image count limit; the DashScope page of the same model allows 0-9 input
 * images and up to 12 outputs with enable_sequential (providers.md §4), used here.
 */
const MAX_IMAGES = 9;

function checkModel(body: Obj): string {
  const model = reqString(body, 'model', 'model');
  if (!(MODELVERSE_MODELS as readonly string[]).includes(model))
    unknownModel(model, MODELVERSE_MODELS);
  return model;
}

function outputSize(raw: unknown, path: string): { width: number; height: number } {
  if (raw === undefined) return { width: 2048, height: 2048 }; // no default documented: 2K
  if (typeof raw !== 'string' || !(SIZES as readonly string[]).includes(raw))
    fail(path, `must be one of ${SIZES.join(', ')}`, raw);
  const tier = TIER_PIXELS[raw.toLowerCase()];
  if (tier) return { width: tier, height: tier };
  return parseCustomSize(raw, path) ?? { width: 2048, height: 2048 };
}

function count(o: Obj, path: string, sequential: boolean): number {
  return (
    optInt(
      o,
      'n',
      sequential ? `${path} (enable_sequential=true)` : path,
      1,
      sequential ? 12 : 4,
    ) ?? 1
  );
}

export function validateModelverseTask(body: unknown, strict: boolean): ValidationOutcome {
  return runValidation(() => {
    if (!isObj(body)) fail('body', 'must be a JSON object');
    noUnknown(body, ['model', 'input', 'parameters'], '', strict);
    const model = checkModel(body);
    const input = reqObj(body, 'input', 'input');
    const params = optObj(body, 'parameters', 'parameters') ?? {};
    noUnknown(input, ['prompt', 'images', 'img_url', 'first_frame_url'], 'input', strict);
    noUnknown(
      params,
      ['size', 'n', 'seed', 'watermark', 'enable_sequential', 'prompt_extend'],
      'parameters',
      strict,
    );
    const prompt = optString(input, 'prompt', 'input.prompt');
    const images = optUrlList(
      input,
      'images',
      'input.images',
      { min: 1, max: MAX_IMAGES },
      'http-or-data',
    );
    const single = ['img_url', 'first_frame_url'].flatMap((k) =>
      input[k] === undefined ? [] : [checkImageRef(input[k], `input.${k}`, 'http-or-data')],
    );
    if (!prompt?.trim() && !images && single.length === 0)
      fail('input', 'needs at least one of prompt, images, img_url or first_frame_url');
    const sequential =
      optBool(params, 'enable_sequential', 'parameters.enable_sequential') ?? false;
    optBool(params, 'watermark', 'parameters.watermark');
    optBool(params, 'prompt_extend', 'parameters.prompt_extend');
    const seed = optSeed(params, 'seed', 'parameters.seed');
    return {
      model,
      prompt: prompt ?? '',
      kind: 'image',
      count: count(params, 'parameters.n', sequential),
      ...outputSize(params.size, 'parameters.size'),
      // "images takes priority if multiple image fields are provided".
      imageRefs: images ?? single.slice(0, 1),
      seed: seed || null,
      durationSec: 0,
    } satisfies NormalisedRequest;
  });
}

export function validateModelverseSync(body: unknown, strict: boolean): ValidationOutcome {
  return runValidation(() => {
    if (!isObj(body)) fail('body', 'must be a JSON object');
    noUnknown(
      body,
      [
        'model',
        'prompt',
        'image',
        'images',
        'size',
        'n',
        'seed',
        'watermark',
        'thinking_mode',
        'enable_sequential',
      ],
      '',
      strict,
    );
    const model = checkModel(body);
    const prompt = optString(body, 'prompt', 'prompt');
    const images = optUrlList(
      body,
      'images',
      'images',
      { min: 1, max: MAX_IMAGES },
      'http-or-data',
    );
    const image =
      body.image === undefined ? undefined : checkImageRef(body.image, 'image', 'http-or-data');
    if (!prompt?.trim() && !images && image === undefined)
      fail('prompt', 'or image or images is required (at least one of them)');
    const sequential = optBool(body, 'enable_sequential', 'enable_sequential') ?? false;
    optBool(body, 'watermark', 'watermark');
    optBool(body, 'thinking_mode', 'thinking_mode');
    const seed = optSeed(body, 'seed', 'seed');
    return {
      model,
      prompt: prompt ?? '',
      kind: 'image',
      count: count(body, 'n', sequential),
      ...outputSize(body.size, 'size'),
      // "If both images and image are provided, images takes priority."
      imageRefs: images ?? (image === undefined ? [] : [image]),
      seed: seed || null,
      durationSec: 0,
    } satisfies NormalisedRequest;
  });
}
