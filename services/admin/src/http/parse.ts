import type { z } from 'zod';
import { ScimError } from '@roster/scim';

/** Parses a request body or query with a zod schema; any problem is a 400 naming the field. */
export function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'request' : issue.path.join('.');
  throw ScimError.badRequest('invalidValue', `Invalid ${where}: ${issue?.message ?? 'not accepted'}`);
}
