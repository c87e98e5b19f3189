import { describe, expect, it } from 'vitest';
import { contextFor, parseTemplate, renderTemplate } from './prompt-template';

function render(template: string, ctx = {}): string[] {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(parsed.message);
  const out = renderTemplate(parsed.value, ctx);
  if (!out.ok) throw new Error(out.message);
  return out.value;
}

describe('prompt templates', () => {
  it('keeps a plain prompt exactly as written', () => {
    expect(render('a  cat,\n on a mat ')).toEqual(['a  cat,\n on a mat ']);
  });

  it('expands every combination of alternatives, first group slowest', () => {
    expect(render('a {red|blue} {cat|dog}')).toEqual([
      'a red cat',
      'a red dog',
      'a blue cat',
      'a blue dog',
    ]);
  });

  it('allows an empty alternative and tidies the spaces it leaves', () => {
    expect(render('a {big |}cat')).toEqual(['a big cat', 'a cat']);
  });

  it('substitutes {file} and {folder} from the input path', () => {
    const ctx = contextFor('portraits/anna.final.png', 'photos');
    expect(ctx).toEqual({ file: 'anna.final', folder: 'portraits' });
    expect(render('{file} from {folder}, {oil|ink}', ctx)).toEqual([
      'anna.final from portraits, oil',
      'anna.final from portraits, ink',
    ]);
    expect(contextFor('top.jpg', 'photos').folder).toBe('photos');
  });

  it('treats escaped braces and bars as literal text', () => {
    expect(render('a sign reading \\{OPEN\\} \\| closed')).toEqual([
      'a sign reading {OPEN} | closed',
    ]);
  });

  it('refuses unknown variables, stray and unclosed braces, nesting, with the position', () => {
    const cases: [string, RegExp][] = [
      ['a {colour} cat', /\{colour\} at character 3, which is not a variable/],
      ['a {red|blue cat', /'\{' at character 3 that is never closed/],
      ['a red} cat', /'\}' at character 6/],
      ['a {red|{x|y}}', /cannot be nested/],
    ];
    for (const [template, message] of cases) {
      const parsed = parseTemplate(template);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(message);
    }
  });

  it('refuses {file} when the batch has no input image', () => {
    const parsed = parseTemplate('photo of {file}');
    if (!parsed.ok) throw new Error(parsed.message);
    const out = renderTemplate(parsed.value, {});
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.message).toMatch(/\{file\}, which needs an input image/);
  });

  it('refuses a template that would explode into too many prompts', () => {
    const parsed = parseTemplate('{a|b|c|d|e|f|g|h|i|j}'.repeat(5));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/more than 10000 prompts/);
  });
});
