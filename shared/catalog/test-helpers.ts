// Assertions shared by the catalog tests (not a test file itself).
import { expect } from 'vitest';
import { formatIssues, validateInput } from './index';
import type { ValidationIssue } from './types';

export function issuesOf(provider: string, model: string, input: unknown): ValidationIssue[] {
  const result = validateInput(provider, model, input);
  return result.ok ? [] : result.issues;
}

/** The request passes; on failure the issue lines are shown. */
export function expectValid(provider: string, model: string, input: unknown): void {
  expect(formatIssues(issuesOf(provider, model, input))).toEqual([]);
}

/** The request fails with an issue on `field` whose message contains `text`. */
export function expectIssue(
  provider: string,
  model: string,
  input: unknown,
  field: string,
  text: string,
): void {
  expect(issuesOf(provider, model, input)).toContainEqual({
    field,
    message: expect.stringContaining(text),
  });
}

/** Repeats a character to a given length, for length rules. */
export function textOfLength(length: number): string {
  return 'a'.repeat(length);
}
