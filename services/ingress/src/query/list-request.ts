import {
  err,
  ok,
  parseAttributeList,
  parseAttributePath,
  parseFilter,
  ScimError,
  type AttributePath,
  type Filter,
  type Result,
} from '@roster/scim';
import { parsePagination, type Pagination } from './pagination.ts';

/** A list request from `GET ?…` or `POST /.search` (RFC 7644 §3.4.2, §3.4.3), parsed. */
export interface ListRequest extends Pagination {
  filter?: Filter;
  sortBy?: AttributePath;
  sortOrder: 'ascending' | 'descending';
  projection: Projection;
}

export interface Projection {
  attributes?: readonly AttributePath[];
  excludedAttributes?: readonly AttributePath[];
}

type Params = Record<string, unknown>;

/** Reads one parameter given at most once; query keys and .search body keys alike. */
function single(params: Params, name: string): Result<string | undefined, ScimError> {
  const value = params[name];
  if (value === undefined || value === null) return ok(undefined);
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'number') return ok(String(value));
  return err(ScimError.badRequest('invalidValue', `${name} must be given once, as a string`));
}

/** `attributes` in .search bodies are arrays; in query strings comma-separated. */
function attributeList(
  params: Params,
  name: 'attributes' | 'excludedAttributes',
  knownSchemas: readonly string[],
): Result<readonly AttributePath[] | undefined, ScimError> {
  const value = params[name];
  if (value === undefined || value === null || value === '') return ok(undefined);
  const text =
    Array.isArray(value) && value.every((item) => typeof item === 'string') ? value.join(',') : value;
  if (typeof text !== 'string')
    return err(
      ScimError.badRequest('invalidValue', `${name} must be a comma-separated list of attribute paths`),
    );
  return parseAttributeList(text, { knownSchemas, parameter: name });
}

export function parseListRequest(
  params: Params,
  knownSchemas: readonly string[],
): Result<ListRequest, ScimError> {
  const page = parsePagination({ startIndex: params.startIndex, count: params.count });
  if (!page.ok) return page;
  const filterText = single(params, 'filter');
  if (!filterText.ok) return filterText;
  const filter = filterText.value === undefined ? undefined : parseFilter(filterText.value, { knownSchemas });
  if (filter !== undefined && !filter.ok) return filter;
  const sortByText = single(params, 'sortBy');
  if (!sortByText.ok) return sortByText;
  const sortBy =
    sortByText.value === undefined
      ? undefined
      : parseAttributePath(sortByText.value, { knownSchemas, scimType: 'invalidValue' });
  if (sortBy !== undefined && !sortBy.ok) return sortBy;
  const sortOrderText = single(params, 'sortOrder');
  if (!sortOrderText.ok) return sortOrderText;
  const sortOrder = (sortOrderText.value ?? 'ascending').toLowerCase();
  if (sortOrder !== 'ascending' && sortOrder !== 'descending') {
    return err(ScimError.badRequest('invalidValue', 'sortOrder must be "ascending" or "descending"'));
  }
  const projection = parseProjection(params, knownSchemas);
  if (!projection.ok) return projection;
  return ok({
    ...page.value,
    ...(filter === undefined ? {} : { filter: filter.value }),
    ...(sortBy === undefined ? {} : { sortBy: sortBy.value }),
    sortOrder,
    projection: projection.value,
  });
}

/**
 * `attributes` / `excludedAttributes` alone: what GET of one resource and the responses of
 * POST, PUT and PATCH honour (RFC 7644 §3.4.2.5, §3.9).
 */
export function parseProjection(
  params: Params,
  knownSchemas: readonly string[],
): Result<Projection, ScimError> {
  const attributes = attributeList(params, 'attributes', knownSchemas);
  if (!attributes.ok) return attributes;
  const excludedAttributes = attributeList(params, 'excludedAttributes', knownSchemas);
  if (!excludedAttributes.ok) return excludedAttributes;
  return ok({
    ...(attributes.value === undefined ? {} : { attributes: attributes.value }),
    ...(excludedAttributes.value === undefined ? {} : { excludedAttributes: excludedAttributes.value }),
  });
}

/** Whether the client asked for a projection (then a write answers with the projected resource). */
export const isProjected = (projection: Projection): boolean =>
  projection.attributes !== undefined || projection.excludedAttributes !== undefined;
