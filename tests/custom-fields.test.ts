import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFieldDefinition } from '@roster/scim';
import { entraCreateUserBody } from './support/entra-payloads.ts';
import { CUSTOM_NAMESPACE, startRoster, type RosterUnderTest, type TestAccount } from './support/roster.ts';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

let roster: RosterUnderTest;
let acme: TestAccount;
let urn: string;
let db: mongoose.Connection;

/** Every field type, with a value as Entra sends it, the typed value stored, and an invalid value. */
const CASES = [
  { id: 'dept_code', type: 'String', sent: 'R&D-7', typed: 'R&D-7', bad: undefined },
  { id: 'headcount', type: 'Number', sent: '42', typed: 42, bad: 'many' },
  { id: 'is_contractor', type: 'Boolean', sent: 'True', typed: true, bad: 'maybe' },
  {
    id: 'start_date',
    type: 'Date',
    sent: '2024-03-01',
    typed: new Date('2024-03-01T00:00:00Z'),
    bad: '03/01/2024',
  },
  {
    id: 'last_review',
    type: 'DateTime',
    sent: '2024-03-01T10:30:00Z',
    typed: new Date('2024-03-01T10:30:00Z'),
    bad: 'yesterday',
  },
  { id: 'tier', type: 'Dropdown', options: ['Gold', 'Silver'], sent: 'Gold', typed: 'Gold', bad: 'Bronze' },
  {
    id: 'budget',
    type: 'Currency',
    currencies: ['USD', 'EUR'],
    sent: 'USD 1200.50',
    typed: undefined,
    bad: 'XYZ 1',
  },
] as const;

const field = (definition: Record<string, unknown>) => {
  const parsed = validateFieldDefinition(definition);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

beforeAll(async () => {
  roster = await startRoster();
  acme = await roster.createAccount();
  urn = `${CUSTOM_NAMESPACE}:${acme.accountId}:2:User`;
  for (const c of CASES) {
    const extra =
      'options' in c ? { options: c.options } : 'currencies' in c ? { currencies: c.currencies } : {};
    expect(
      await roster.store.accounts.addField(
        acme.accountId,
        field({ id: c.id, type: c.type, required: false, target: `col_${c.id}`, ...extra }),
      ),
    ).toBe('changed');
  }
  await roster.store.accounts.addField(
    acme.accountId,
    field({ id: 'manager_ref', type: 'Reference', required: false }),
  );
  // The app's department column: the custom field when set, else the Enterprise department.
  await roster.store.accounts.setMapping(acme.accountId, {
    target: 'department',
    sources: ['$.fields.dept_code', '$.enterprise.department'],
  });
  db = await mongoose.createConnection(roster.mongoUrl).asPromise();
});
afterAll(async () => {
  await db.close();
  await roster.stop();
});

const storedDoc = async (id: string) =>
  (await db.collection('users').findOne({ rid: id })) as Record<string, any>;

describe('account-defined fields, every type', () => {
  it.each(CASES)(
    '$type: POST nested, PATCH by path in both dialects and path-less, filter, typed storage',
    async (c) => {
      const body = { ...entraCreateUserBody(), [urn]: { [c.id]: c.sent } };
      const created = await acme.client.post('/Users', body);
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      expect(created.body[urn][c.id]).toEqual(
        typeof c.typed === 'number' ? 42 : c.type === 'Boolean' ? true : c.sent,
      );

      const doc = await storedDoc(id);
      if (c.typed !== undefined) expect(doc.fields[c.id]).toEqual(c.typed);
      else expect(doc.fields[c.id]).toBe('USD 1200.50');
      // The app's own column, fed by the field's mapping (`--target col_<id>`).
      expect(doc.app[`col_${c.id}`]).toEqual(doc.fields[c.id]);

      // Default-mode PATCH by full path, capitalised op.
      const again = c.sent;
      const byPath = await acme.client.patch(`/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Replace', path: `${urn}:${c.id}`, value: again }],
      });
      expect(byPath.status).toBe(200);
      // Flag-mode (aadOptscim062020) PATCH by full path: lower-case op, JSON-typed value.
      const flagValue = typeof c.typed === 'number' ? 42 : c.type === 'Boolean' ? true : c.sent;
      const flagPath = await acme.client.patch(`/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: `${urn}:${c.id}`, value: flagValue }],
      });
      expect(flagPath.status).toBe(200);
      expect(flagPath.body[urn][c.id]).toEqual(byPath.body[urn][c.id]);
      // Path-less with the URN-qualified key.
      const pathLess = await acme.client.patch(`/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { [`${urn}:${c.id}`]: again } }],
      });
      expect(pathLess.status).toBe(200);
      expect(pathLess.body[urn][c.id]).toEqual(byPath.body[urn][c.id]);

      const filter = `${urn}:${c.id} eq ${JSON.stringify(typeof c.typed === 'number' ? 42 : c.type === 'Boolean' ? true : c.sent)}`;
      const found = await acme.client.get(
        `/Users?filter=${encodeURIComponent(`userName eq "${body.userName}" and ${filter}`)}`,
      );
      expect(found.status).toBe(200);
      expect(found.body.totalResults).toBe(1);

      if (c.bad !== undefined) {
        const refused = await acme.client.patch(`/Users/${id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'replace', path: `${urn}:${c.id}`, value: c.bad }],
        });
        expect(refused.status).toBe(400);
        expect(refused.body.scimType).toBe('invalidValue');
        expect(refused.body.detail).toContain(c.id);
        const post = await acme.client.post('/Users', { ...entraCreateUserBody(), [urn]: { [c.id]: c.bad } });
        expect(post.status).toBe(400);
        expect(post.body.detail).toContain(c.id);
      }
    },
  );

  it('rejects an unknown field id of the account URN with a 400 naming the valid ones', async () => {
    const res = await acme.client.post('/Users', { ...entraCreateUserBody(), [urn]: { nope: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(res.body.detail).toContain('nope');
    expect(res.body.detail).toContain('dept_code');
  });

  it('maps app columns with JSONPath: custom field first, Enterprise department as fallback', async () => {
    const withCustom = await acme.client.post('/Users', {
      ...entraCreateUserBody(),
      [ENTERPRISE]: { department: 'Sales' },
      [urn]: { dept_code: 'D-1' },
    });
    expect((await storedDoc(withCustom.body.id)).app.department).toBe('D-1');
    const withoutCustom = await acme.client.post('/Users', {
      ...entraCreateUserBody(),
      [ENTERPRISE]: { department: 'Sales' },
    });
    expect((await storedDoc(withoutCustom.body.id)).app.department).toBe('Sales');
  });
});

describe('Reference fields', () => {
  it('accepts only users of the same account, in every shape Entra sends, and clears references to a deleted user', async () => {
    const boss = (await acme.client.post('/Users', entraCreateUserBody())).body.id as string;
    const report = (await acme.client.post('/Users', entraCreateUserBody())).body.id as string;
    for (const value of [boss, { value: boss }, [{ value: boss, $ref: null }]]) {
      const res = await acme.client.patch(`/Users/${report}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Add', path: `${urn}:manager_ref`, value }],
      });
      expect(res.status).toBe(200);
      expect((await storedDoc(report)).fields.manager_ref).toBe(boss);
    }
    const other = await roster.createAccount();
    const stranger = (await other.client.post('/Users', entraCreateUserBody())).body.id as string;
    const refused = await acme.client.patch(`/Users/${report}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: `${urn}:manager_ref`, value: stranger }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('manager_ref');

    expect((await acme.client.delete(`/Users/${boss}`)).status).toBe(204);
    const after = await acme.client.get(`/Users/${report}`);
    expect(after.body[urn]?.manager_ref).toBeUndefined();
    expect((await storedDoc(report)).fields.manager_ref).toBeNull();
  });
});

describe('per-account schemas', () => {
  it("shows each account its own extension and fields, never another account's", async () => {
    const other = await roster.createAccount();
    await roster.store.accounts.addField(
      other.accountId,
      field({ id: 'other_only', type: 'String', required: false }),
    );
    const mine = await acme.client.get('/Schemas');
    const ids = mine.body.Resources.map((schema: { id: string }) => schema.id);
    expect(ids).toContain(urn);
    expect(ids.some((id: string) => id.includes(other.accountId))).toBe(false);
    const custom = mine.body.Resources.find((schema: { id: string }) => schema.id === urn);
    const types = Object.fromEntries(
      custom.attributes.map((a: { name: string; type: string }) => [a.name, a.type]),
    );
    expect(types).toMatchObject({
      dept_code: 'string',
      headcount: 'decimal',
      is_contractor: 'boolean',
      manager_ref: 'reference',
    });
    expect(JSON.stringify(mine.body)).not.toContain('other_only');
    const theirs = await other.client.get(
      `/Schemas/${encodeURIComponent(`${CUSTOM_NAMESPACE}:${other.accountId}:2:User`)}`,
    );
    expect(theirs.body.attributes.map((a: { name: string }) => a.name)).toEqual(['other_only']);
  });
});
