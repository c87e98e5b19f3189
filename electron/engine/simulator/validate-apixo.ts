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
  reqObj,
  reqString,
  runValidation,
  unknownModel,
} from './check';
import type { Obj, ValidationOutcome } from './check';

/** APIXO's seed model (seed 003). The slug travels in the URL path. */
export const APIXO_MODELS = ['wan-2-7-image'] as const;

export function validateApixoSubmit(
  model: string,
  body: unknown,
  strict: boolean,
): ValidationOutcome {
  return runValidation(() => {
    if (!(APIXO_MODELS as readonly string[]).includes(model)) unknownModel(model, APIXO_MODELS);
    if (!isObj(body)) fail('body', 'must be a JSON object');
    // `provider` and `source` are documented top-level fields (providers.md §2.1).
    noUnknown(body, ['request_type', 'callback_url', 'input', 'provider', 'source'], '', strict);
    // Seed 003 marks request_type both "required" and default "async"; a default only makes
    // sense if the server fills it in, so an absent request_type is taken as "async".
    const requestType =
      optEnum(body, 'request_type', 'request_type', ['async', 'callback']) ?? 'async';
    const callback = optString(body, 'callback_url', 'callback_url');
    if (requestType === 'callback' && callback === undefined)
      fail('callback_url', 'is required when request_type is "callback"');
    if (callback !== undefined && !/^https?:\/\/\S+$/i.test(callback))
      fail('callback_url', 'must be an http(s) URL', callback);
    optEnum(body, 'provider', 'provider', ['auto', 'value', 'official']);
    optString(body, 'source', 'source');
    return wanImage(model, reqObj(body, 'input', 'input'), strict);
  });
}

function wanImage(model: string, input: Obj, strict: boolean) {
  noUnknown(
    input,
    [
      'mode',
      'prompt',
      'image_urls',
      'resolution',
      'num_images',
      'enable_sequential',
      'watermark',
      'seed',
      'bbox_list',
      'color_palette',
    ],
    'input',
    strict,
  );
  // "mode must be omni-image or omni-image-pro": no default is documented, so it is required.
  const mode = optEnum(input, 'mode', 'input.mode', ['omni-image', 'omni-image-pro']);
  if (mode === undefined) fail('input.mode', 'is required (omni-image or omni-image-pro)');
  // "max 5000 characters (model-side truncation)": longer prompts are cut, not refused.
  const prompt = reqString(input, 'prompt', 'input.prompt');
  const sequential = optBool(input, 'enable_sequential', 'input.enable_sequential') ?? false;
  const images = optUrlList(input, 'image_urls', 'input.image_urls', { min: 1, max: 9 }, 'http');
  // No default resolution is documented; 2k is assumed for the output size.
  const resolution = optEnum(input, 'resolution', 'input.resolution', ['1k', '2k', '4k']) ?? '2k';
  if (resolution === '4k') {
    if (mode !== 'omni-image-pro')
      fail('input.resolution', '4k requires mode omni-image-pro', mode);
    if (images) fail('input.resolution', '4k is not allowed with image_urls');
    if (sequential) fail('input.resolution', '4k is not allowed with enable_sequential=true');
  }
  const max = sequential ? 12 : 4;
  const count =
    optInt(
      input,
      'num_images',
      `input.num_images${sequential ? ' (enable_sequential=true)' : ''}`,
      1,
      max,
    ) ?? 1;
  optBool(input, 'watermark', 'input.watermark');
  const seed = optSeed(input, 'seed', 'input.seed');
  checkBboxList(input.bbox_list, images);
  checkPalette(input.color_palette, sequential);
  const side = TIER_PIXELS[resolution] ?? 2048;
  return {
    model,
    prompt,
    kind: 'image' as const,
    count,
    width: side,
    height: side,
    imageRefs: images ?? [],
    seed: seed ?? null,
    durationSec: 0,
  };
}

function checkBboxList(v: unknown, images: string[] | undefined): void {
  if (v === undefined) return;
  if (!images) fail('input.bbox_list', 'requires image_urls');
  if (!Array.isArray(v)) fail('input.bbox_list', 'must be an array (one entry per image)', v);
  if (v.length !== images.length)
    fail(
      'input.bbox_list',
      `must have ${images.length} entries, one per image_urls item`,
      v.length,
    );
  v.forEach((boxes: unknown, i) => {
    const path = `input.bbox_list[${i}]`;
    if (!Array.isArray(boxes)) fail(path, 'must be an array of boxes', boxes);
    if (boxes.length > 2) fail(path, 'supports at most 2 boxes per image', boxes.length);
    boxes.forEach((box: unknown, j) => {
      // The example shows [x1, y1, x2, y2] pixel corners.
      const ok =
        Array.isArray(box) &&
        box.length === 4 &&
        box.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0);
      if (!ok) fail(`${path}[${j}]`, 'must be [x1, y1, x2, y2] with non-negative numbers', box);
    });
  });
}

/**
 * color_palette entries are not spelled out in seed 003; the simulator takes the DashScope
 * shape of the same model, `{hex: "#RRGGBB", ratio: "23.51%"}` (a number is also accepted).
 */
function checkPalette(v: unknown, sequential: boolean): void {
  if (v === undefined) return;
  if (sequential) fail('input.color_palette', 'is available only when enable_sequential=false');
  if (!Array.isArray(v) || v.length < 3 || v.length > 10)
    fail('input.color_palette', 'must be an array of 3 to 10 colors', v);
  let total = 0;
  v.forEach((entry: unknown, i) => {
    const path = `input.color_palette[${i}]`;
    if (!isObj(entry)) fail(path, 'must be an object {hex, ratio}', entry);
    const hex = optString(entry, 'hex', `${path}.hex`);
    if (hex === undefined || !/^#[0-9a-f]{6}$/i.test(hex))
      fail(`${path}.hex`, 'must be a "#RRGGBB" color', hex);
    const ratio = entry.ratio;
    const value =
      typeof ratio === 'number'
        ? ratio
        : typeof ratio === 'string' && /^\d+(\.\d+)?%$/.test(ratio)
          ? Number(ratio.slice(0, -1))
          : NaN;
    if (!Number.isFinite(value) || value <= 0)
      fail(`${path}.ratio`, 'must be a positive percentage such as "23.51%"', ratio);
    total += value;
  });
  if (Math.abs(total - 100) > 0.005)
    fail('input.color_palette', 'ratios must sum to 100.00%', `${total.toFixed(2)}%`);
}
