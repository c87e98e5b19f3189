import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { imageRefProblem } from './common';
import { CATALOG, describeModel, findModel, formatIssues, modelId, validateInput } from './index';
import { expectIssue, expectValid } from './test-helpers';
import { PROVIDER_IDS } from './types';
import type { FieldHint, ModelEntry } from './types';

describe('the catalog', () => {
  it('holds every seed model plus the PoYo pro tier, each once', () => {
    expect(CATALOG.map(modelId)).toEqual([
      'poyo/wan-2.7-image',
      'poyo/wan-2.7-image-pro',
      'poyo/wan2.5-image-to-video',
      'poyo/seedream-5.0-lite',
      'poyo/seedream-5.0-lite-edit',
      'apixo/wan-2-7-image',
      'modelverse/wan2.7-image',
      'modelverse/wan2.7-image-pro',
    ]);
  });

  it.each(CATALOG.map((entry) => [modelId(entry), entry] as const))(
    '%s: form hints cover exactly the schema fields, prompt and image field included',
    (_id, entry) => {
      const schema = entry.schema;
      expect(schema).toBeInstanceOf(z.ZodObject);
      const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape).sort() : [];
      expect(entry.fields.map((field) => field.key).sort()).toEqual(keys);
      expect(keys).toContain(entry.promptField);
      if (entry.images) expect(keys).toContain(entry.images.field);
    },
  );

  it('finds entries by provider and model, and nothing else', () => {
    expect(findModel('poyo', 'wan-2.7-image')?.title).toBe('Wan 2.7 Image');
    expect(findModel('apixo', 'wan-2.7-image')).toBeUndefined();
  });

  it('describes entries as plain JSON, without zod objects or functions', () => {
    for (const entry of CATALOG) {
      const info = describeModel(entry);
      expect(JSON.parse(JSON.stringify(info))).toEqual(info);
      expect(info.price.length).toBeGreaterThan(0);
    }
  });
});

/** The smallest request the model takes: a prompt, its required choices and images. */
function baseInput(entry: ModelEntry): Record<string, unknown> {
  const input: Record<string, unknown> = { [entry.promptField]: 'abc' };
  for (const field of entry.fields) {
    if (field.required && field.options) input[field.key] = field.options[0];
  }
  if (entry.images?.required) input[entry.images.field] = ['https://example.com/a.png'];
  return input;
}

/** A value each form control must take (at its lower bound), and values it must refuse. */
function probes(field: FieldHint): { valid: unknown[]; invalid: unknown[] } {
  switch (field.control) {
    case 'textarea':
    case 'text':
      return {
        valid: ['abc'],
        invalid: [42, ...(field.max === undefined ? [] : ['a'.repeat(field.max + 1)])],
      };
    case 'integer':
    case 'number':
      return {
        valid: [field.min ?? 1],
        invalid: [
          'one',
          ...(field.min === undefined ? [] : [field.min - 1]),
          ...(field.max === undefined ? [] : [field.max + 1]),
        ],
      };
    case 'boolean':
      return { valid: [false, true], invalid: ['false', 1] };
    case 'select':
    case 'size':
      return { valid: (field.options ?? []).slice(0, 1), invalid: ['no-such-option', true] };
    case 'images':
      return {
        valid: [Array<string>(field.min ?? 1).fill('https://example.com/a.png')],
        invalid: ['https://example.com/a.png', Array<string>((field.max ?? 9) + 1).fill('a.png')],
      };
    case 'json':
      // Structured fields need other fields to be valid: their valid cases live in the model's
      // own test file; here only the wrong kinds of value.
      return { valid: [], invalid: ['text', 7] };
  }
}

describe('every form field of every model', () => {
  const rows = CATALOG.flatMap((entry) =>
    entry.fields.map((field) => [`${modelId(entry)} ${field.key}`, entry, field] as const),
  );

  it.each(CATALOG.map((entry) => [modelId(entry), entry] as const))(
    '%s: the smallest request passes',
    (_id, entry) => {
      expectValid(entry.provider, entry.model, baseInput(entry));
    },
  );

  it.each(rows)(
    '%s: takes a valid value and refuses bad ones, naming the field',
    (_id, entry, field) => {
      const { valid, invalid } = probes(field);
      expect(valid.length + invalid.length).toBeGreaterThan(1);
      for (const value of valid) {
        expectValid(entry.provider, entry.model, { ...baseInput(entry), [field.key]: value });
      }
      for (const value of invalid) {
        expectIssue(
          entry.provider,
          entry.model,
          { ...baseInput(entry), [field.key]: value },
          field.key,
          '',
        );
      }
    },
  );
});

describe('validateInput', () => {
  it('names the provider and lists the known ones', () => {
    const result = validateInput('openai', 'dall-e', { prompt: 'x' });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          field: 'provider',
          message: `unknown provider "openai", known providers: ${PROVIDER_IDS.join(', ')}`,
        },
      ],
    });
  });

  it('names the model and lists what the provider offers', () => {
    const result = validateInput('apixo', 'wan-2.7-image', { prompt: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        field: 'model',
        message: 'unknown model "wan-2.7-image" for apixo, it offers: wan-2-7-image',
      },
    ]);
  });

  it.each([null, 'text', 42, [{ prompt: 'x' }]])('refuses a request that is %j', (input) => {
    const result = validateInput('poyo', 'wan-2.7-image', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { field: '', message: expect.stringContaining('the request must be an object of fields') },
    ]);
  });

  it('returns the parsed request when it is valid', () => {
    const input = { prompt: 'a cat', n: 2, size: { width: 1280, height: 720 } };
    expect(validateInput('poyo', 'wan-2.7-image', input)).toEqual({ ok: true, value: input });
  });

  it('reports an unknown field once per field, next to other problems', () => {
    const result = validateInput('poyo', 'wan-2.7-image', { prompt: 'p', n: 9, a: 1, b: 2 });
    expect(result.ok ? [] : formatIssues(result.issues)).toEqual([
      'n: must be a whole number from 1 to 4 (got 9)',
      'a: unknown field, this model accepts: prompt, size, n, seed, image_urls',
      'b: unknown field, this model accepts: prompt, size, n, seed, image_urls',
    ]);
  });

  it('treats "__proto__" as an ordinary unknown field', () => {
    const input = JSON.parse('{"prompt":"p","__proto__":{"n":99}}') as unknown;
    const result = validateInput('poyo', 'wan-2.7-image', input);
    expect(result.ok ? [] : result.issues.map((issue) => issue.field)).toEqual(['__proto__']);
  });
});

describe('image references', () => {
  it.each([
    'https://example.com/a.jpg',
    'http://127.0.0.1:8080/a.png?x=1',
    'data:image/webp;base64,UklGRg==',
    '/home/me/photos/cat.png',
    'photos/cat.png',
    'C:\\Users\\me\\cat.png',
  ])('accepts %s', (ref) => {
    expect(imageRefProblem(ref)).toBeNull();
  });

  it.each([
    ['', 'must not be empty'],
    ['ftp://example.com/a.jpg', 'http:// or https://'],
    ['https://', 'not a valid URL'],
    ['data:image/png,rawbytes', 'data:image/png;base64'],
  ])('refuses %j', (ref, problem) => {
    expect(imageRefProblem(ref)).toContain(problem);
  });
});

describe('formatIssues', () => {
  it('prefixes the field, and leaves whole-request issues bare', () => {
    expect(
      formatIssues([
        { field: 'size.width', message: 'must be a whole number above 0' },
        { field: '', message: 'the request must be an object of fields' },
      ]),
    ).toEqual([
      'size.width: must be a whole number above 0',
      'the request must be an object of fields',
    ]);
  });
});
