// Turns zod issues into ValidationIssues (field + rule) and issues into printable lines.
import type { z } from 'zod';
import type { ValidationIssue } from './types';

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}

/** One ValidationIssue per problem; an unknown-keys issue becomes one issue per unknown key. */
export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ field: fieldOf([...issue.path, key]), message: issue.message });
      }
      continue;
    }
    issues.push({ field: fieldOf(issue.path), message: issue.message });
  }
  return dedupe(issues);
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.field}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `field: rule` lines, or the bare rule for issues about the request as a whole. */
export function formatIssues(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) =>
    issue.field === '' ? issue.message : `${issue.field}: ${issue.message}`,
  );
}
