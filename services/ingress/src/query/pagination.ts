import { err, ok, ScimError, type Result } from '@roster/scim';

/** Largest page we return; advertised as `filter.maxResults` in /ServiceProviderConfig. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export interface Pagination {
  /** 1-based, as on the wire. */
  startIndex: number;
  count: number;
}

const INTEGER = /^[+-]?\d{1,15}$/;

function readInteger(name: string, raw: unknown): Result<number | undefined, ScimError> {
  if (raw === undefined || raw === null || raw === '') return ok(undefined);
  // A .search body carries JSON numbers; a query string carries digits.
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw)
      ? ok(raw)
      : err(ScimError.badRequest('invalidValue', `${name} must be an integer`));
  }
  if (typeof raw !== 'string' || !INTEGER.test(raw.trim())) {
    return err(ScimError.badRequest('invalidValue', `${name} must be an integer`));
  }
  return ok(Number(raw.trim()));
}

/**
 * RFC 7644 §3.4.2.4: a startIndex below 1 is treated as 1, a negative count as 0; we also
 * clamp count to MAX_PAGE_SIZE instead of refusing, so a huge count is never a 500 or a
 * memory spike.
 */
export function parsePagination(query: Record<string, unknown>): Result<Pagination, ScimError> {
  const start = readInteger('startIndex', query.startIndex);
  if (!start.ok) return start;
  const count = readInteger('count', query.count);
  if (!count.ok) return count;
  return ok({
    startIndex: Math.max(1, start.value ?? 1),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, count.value ?? DEFAULT_PAGE_SIZE)),
  });
}
