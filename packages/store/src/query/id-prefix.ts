/**
 * The condition "`_id` starts with `prefix`", as the range [prefix, prefix with its last
 * character incremented): exactly the strings with that prefix. MongoDB answers it from the
 * `_id` index; FerretDB does with Roster's build when the prefix holds only letters, digits and
 * `:_@-.` (scripts/ferretdb/id-filters-use-the-index.patch), as every key prefix Roster builds
 * does (account ids, UUIDs, `:`). A range, not an anchored regex: the store checks the filter
 * on every row it reads, and a comparison costs far less than a regex match.
 */
export function idPrefix(prefix: string): { $gte: string; $lt: string } {
  if (prefix === '') throw new Error('an id prefix must not be empty');
  const last = prefix.charCodeAt(prefix.length - 1);
  return { $gte: prefix, $lt: `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}` };
}
