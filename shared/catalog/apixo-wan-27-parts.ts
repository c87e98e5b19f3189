// The structured inputs of APIXO wan-2-7-image: bbox_list and color_palette (seed 003).
import { z } from 'zod';
import { describeValue } from './common';

const BOX_RULE = 'a box must be four numbers [x1, y1, x2, y2]';

const coordinate = z.number({
  error: (issue) => `${BOX_RULE} (got ${describeValue(issue.input)} as a coordinate)`,
});

/**
 * One box, [x1, y1, x2, y2] in pixels of its image (seed 003's example: [120, 180, 360, 420]).
 * The Wan family reads it as top-left then bottom-right corner, so x1 < x2 and y1 < y2.
 */
const box = z
  .tuple([coordinate, coordinate, coordinate, coordinate], {
    error: (issue) => `${BOX_RULE} (got ${describeValue(issue.input)})`,
  })
  .superRefine(([x1, y1, x2, y2], ctx) => {
    if (x1 < 0 || y1 < 0 || x1 >= x2 || y1 >= y2) {
      ctx.addIssue({
        code: 'custom',
        message: 'a box must have 0 <= x1 < x2 and 0 <= y1 < y2 (top-left, then bottom-right)',
      });
    }
  });

const boxesOfOneImage = z
  .array(box, {
    error: (issue) =>
      `each entry must be a list of boxes for that image (got ${describeValue(issue.input)})`,
  })
  .max(2, {
    error: (issue) =>
      `at most 2 boxes per image (it has ${Array.isArray(issue.input) ? issue.input.length : '?'})`,
  });

/** One entry per image in image_urls (checked against image_urls by the model schema). */
export const bboxListField = z.array(boxesOfOneImage, {
  error: (issue) =>
    `must be a list with one list of boxes per image, e.g. [[[120, 180, 360, 420]], []] (got ${describeValue(issue.input)})`,
});

const HEX = /^#[0-9a-f]{6}$/i;
const RATIO = /^(\d{1,3})(?:\.(\d{1,2}))?%$/;

/** "23.5%" -> 2350 hundredths of a percent; integers avoid float sums like 99.99999. */
export function ratioHundredths(ratio: string): number | null {
  const match = RATIO.exec(ratio);
  if (match === null) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}

function percentText(hundredths: number): string {
  return `${(hundredths / 100).toFixed(2)}%`;
}

/**
 * A colour: {hex, ratio}. Seed 003 only says "3-10 colors; ratio sum must be 100.00%"; the shape
 * follows the upstream DashScope wan2.7 parameter ({"hex": "#C2D1E6", "ratio": "23.51%"}),
 * whose percentage strings are what "100.00%" in the seed refers to.
 */
const colour = z.strictObject(
  {
    hex: z
      .string({ error: 'must be a colour like "#C2D1E6"' })
      .regex(HEX, { error: 'must be a colour like "#C2D1E6"' }),
    ratio: z
      .string({ error: 'must be a percentage text like "25.00%"' })
      .superRefine((ratio, ctx) => {
        const value = ratioHundredths(ratio);
        if (value === null || value <= 0 || value > 10000) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a percentage text above 0% and at most 100%, like "25.00%" (got ${JSON.stringify(ratio)})`,
          });
        }
      }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'unknown field, a colour accepts: hex, ratio'
        : `each colour must be {"hex": "#RRGGBB", "ratio": "25.00%"} (got ${describeValue(issue.input)})`,
  },
);

const paletteCount = {
  error: (issue: { input?: unknown }) =>
    `must hold 3 to 10 colours (it holds ${Array.isArray(issue.input) ? issue.input.length : '?'})`,
};

export const colorPaletteField = z
  .array(colour, {
    error: (issue) =>
      `must be a list of 3 to 10 colours like {"hex": "#C2D1E6", "ratio": "25.00%"} (got ${describeValue(issue.input)})`,
  })
  .min(3, paletteCount)
  .max(10, paletteCount)
  .superRefine((palette, ctx) => {
    const parts = palette.map((entry) => ratioHundredths(entry.ratio));
    // Only sum when every ratio is readable; a bad one already has its own issue.
    if (parts.some((part) => part === null)) return;
    const total = parts.reduce<number>((sum, part) => sum + (part ?? 0), 0);
    if (total !== 10000) {
      ctx.addIssue({
        code: 'custom',
        message: `ratios must add up to 100.00% (they add up to ${percentText(total)})`,
      });
    }
  });

export type ColorPalette = z.infer<typeof colorPaletteField>;
export type BboxList = z.infer<typeof bboxListField>;
