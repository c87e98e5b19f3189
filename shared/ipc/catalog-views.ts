// Serialisable catalog views for catalog.list (the zod schemas themselves stay in shared/catalog,
// which the renderer may import directly for instant form errors).
import { z } from 'zod';
import { ProviderIdSchema } from './views';

export const FieldHintSchema = z.strictObject({
  key: z.string(),
  label: z.string(),
  control: z.enum([
    'textarea',
    'text',
    'integer',
    'number',
    'boolean',
    'select',
    'size',
    'images',
    'json',
  ]),
  options: z
    .array(z.union([z.string(), z.number()]))
    .readonly()
    .optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  default: z.unknown().optional(),
  help: z.string().optional(),
  required: z.boolean().optional(),
  advanced: z.boolean().optional(),
});

export const ImageLimitsSchema = z.strictObject({
  formats: z.array(z.enum(['jpeg', 'png', 'webp', 'bmp', 'gif'])).readonly(),
  minSide: z.number().optional(),
  maxSide: z.number().optional(),
  maxAspectRatio: z.number().optional(),
  maxBytes: z.number().optional(),
  alphaAllowed: z.boolean(),
});

export const ModelInfoSchema = z.strictObject({
  id: z.string(),
  provider: ProviderIdSchema,
  model: z.string(),
  title: z.string(),
  kind: z.enum(['image', 'video']),
  summary: z.string(),
  price: z.string(),
  fields: z.array(FieldHintSchema).readonly(),
  images: z
    .strictObject({
      field: z.string(),
      min: z.number(),
      max: z.number(),
      required: z.boolean(),
    })
    .nullable(),
  imageLimits: ImageLimitsSchema.nullable(),
  polling: z.strictObject({ firstPollMs: z.number(), intervalMs: z.number() }),
});
export type ModelInfoView = z.infer<typeof ModelInfoSchema>;
