import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { newResourceId } from '@roster/store';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { useRoster } from './support/roster-fixture.ts';
import { entraEncode, type ScimClient } from './support/scim-client.ts';

/**
 * One account's size must not slow another's reads: an account's resources are one `_id`
 * key-prefix range (resource.model.ts), so a list or a filter of a 4-user account reads 4
 * documents whatever the store holds. Measured as a shape: the small account's median latency
 * for each read with a 20,000-user account beside it, against the same with that account
 * empty. Before the key layout, on FerretDB, every such read scanned every account's users
 * (a 4-user account's `count=1` list took 5.7 s beside 57,000 users).
 */
const suite = useRoster();
const LARGE = 20_000;
const SAMPLES = 15;

const READS: [title: string, path: string][] = [
  ['a list page', '/Users?count=1'],
  ['the total alone', '/Users?count=0'],
  ['an externalId filter', `/Users?filter=${entraEncode('externalId eq "nobody"')}`],
  ['a contains filter', `/Users?filter=${entraEncode('displayName co "zz" or title co "Engineer"')}`],
  ['a sorted list', '/Users?sortBy=userName&count=2'],
];

async function medianMs(client: ScimClient, path: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    const res = await client.get(path);
    times.push(performance.now() - started);
    expect(res.status, res.text).toBe(200);
  }
  return times.sort((a, b) => a - b)[Math.floor(SAMPLES / 2)]!;
}

it(`reads of a 4-user account cost the same beside a ${LARGE}-user account as alone`, async () => {
  const { roster } = suite;
  const small = await roster.createAccount();
  for (let i = 0; i < 4; i++)
    expect((await small.client.post('/Users', entraCreateUserBody())).status).toBe(201);
  const alone = new Map<string, number>();
  for (const [title, path] of READS) alone.set(title, await medianMs(small.client, path));

  const large = await roster.createAccount();
  for (let start = 0; start < LARGE; start += 500)
    await Promise.all(
      Array.from({ length: 500 }, (_, k) =>
        roster.store.users.create({
          accountId: large.accountId,
          id: newResourceId(),
          jobId: `seed-${start + k}`,
          attributes: {
            core: { userName: `${randomUUID()}@large.example`, displayName: 'Large', externalId: 'nobody' },
            extensions: {},
          },
        }),
      ),
    );

  const lines: string[] = [];
  for (const [title, path] of READS) {
    const beside = await medianMs(small.client, path);
    const before = alone.get(title)!;
    lines.push(`${title}: ${before.toFixed(1)} ms alone, ${beside.toFixed(1)} ms beside ${LARGE} users`);
    expect(beside, lines.at(-1)).toBeLessThan(Math.max(25, 3 * before));
  }
  console.info(lines.join('\n'));
  // The large account still answers, and sees only its own users.
  const listed = await large.client.get('/Users?count=0');
  expect(listed.body.totalResults).toBe(LARGE);
}, 180_000);
