import { LIST_RESPONSE_SCHEMA } from '@roster/scim';

/** RFC 7644 §3.4.2: `totalResults` is the full match count, `itemsPerPage` the page's size. */
export const listResponse = (resources: readonly unknown[], totalResults: number, startIndex: number) => ({
  schemas: [LIST_RESPONSE_SCHEMA],
  totalResults,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});
