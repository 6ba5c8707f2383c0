/** The `route` label of a request that matches none of the templates. */
export const UNMATCHED_ROUTE = 'unmatched';

interface CompiledTemplate {
  template: string;
  /** Lowercased literal segments, or null where the template has a `:param`. */
  segments: (string | null)[];
  literals: number;
}

const segmentsOf = (path: string): string[] => path.split('/').filter((segment) => segment !== '');

/**
 * Turns a request path into the route template it was served by, for a metric label: a label
 * per raw path would make one time series per user id (unbounded cardinality), one per template
 * is a fixed, small set. Templates are written as Express routes (`/scim/v2/:accountId/Users/:id`);
 * a `:param` segment matches any one segment, literals match case-insensitively (Roster's SCIM
 * router is not case-sensitive), and repeated or trailing slashes are ignored. When several
 * templates match, the one with the most literal segments wins (`/Users/.search` over
 * `/Users/:id`); no match is {@link UNMATCHED_ROUTE}.
 */
export function routeTemplates(templates: readonly string[]): (url: string) => string {
  const compiled: CompiledTemplate[] = templates.map((template) => {
    const segments = segmentsOf(template).map((segment) =>
      segment.startsWith(':') ? null : segment.toLowerCase(),
    );
    return { template, segments, literals: segments.filter((s) => s !== null).length };
  });
  return (url) => {
    const queryAt = url.indexOf('?');
    const path = segmentsOf(queryAt === -1 ? url : url.slice(0, queryAt));
    let best: CompiledTemplate | undefined;
    for (const candidate of compiled) {
      if (candidate.segments.length !== path.length) continue;
      if (best !== undefined && candidate.literals <= best.literals) continue;
      const matches = candidate.segments.every(
        (segment, i) => segment === null || segment === path[i]?.toLowerCase(),
      );
      if (matches) best = candidate;
    }
    return best?.template ?? UNMATCHED_ROUTE;
  };
}
