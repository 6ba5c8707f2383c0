import { expect, it } from 'vitest';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { useRoster } from './support/roster-fixture.ts';
import { entraEncode } from './support/scim-client.ts';

/**
 * The per-process ceilings: past HTTP_MAX_IN_FLIGHT requests in progress a request is answered
 * 503 + Retry-After at once instead of waiting in memory; past ACCOUNT_MAX_CONCURRENT_LISTS an
 * account's unanchored lists are answered 429, while its point lookups (Entra's probes) never are.
 */
const suite = useRoster({ limits: { maxInFlight: 4, maxConcurrentListsPerAccount: 1 } });

it('answers 503 with Retry-After past the in-flight ceiling, and serves again once it drains', async () => {
  const responses = await Promise.all(Array.from({ length: 40 }, () => suite.scim.get('/Users?count=1')));
  const statuses = responses.map((res) => res.status);
  expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
  expect(statuses.every((status) => status === 503 || status === 200 || status === 429)).toBe(true);
  for (const res of responses.filter((r) => r.status === 503)) {
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({ status: '503', detail: expect.stringContaining('in progress') });
  }
  expect((await suite.scim.get('/Users?count=1')).status).toBe(200);
});

it("caps an account's concurrent unanchored lists with 429, never its point lookups", async () => {
  const body = entraCreateUserBody();
  expect((await suite.scim.post('/Users', body)).status).toBe(201);
  const probe = `/Users?filter=${entraEncode(`userName eq "${body.userName}"`)}`;
  const list = `/Users?filter=${entraEncode('displayName co "e"')}`;
  // Three at a time stay under the in-flight ceiling of 4.
  const lists = await Promise.all([suite.scim.get(list), suite.scim.get(list), suite.scim.get(list)]);
  const listStatuses = lists.map((res) => res.status).sort();
  expect(listStatuses[0]).toBe(200);
  expect(listStatuses.at(-1)).toBe(429);
  expect(listStatuses.every((status) => status === 200 || status === 429)).toBe(true);
  for (const res of lists.filter((r) => r.status === 429)) {
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({
      status: '429',
      detail: expect.stringContaining('unanchored lists or filters'),
    });
  }
  const probes = await Promise.all([suite.scim.get(probe), suite.scim.get(probe), suite.scim.get(probe)]);
  expect(probes.map((res) => res.status)).toEqual([200, 200, 200]);
});
