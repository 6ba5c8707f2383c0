/**
 * Whole Entra provisioning sequences (docs/entra.md §2), replayed call by call in the default mode and
 * in the `aadOptscim062020` flag mode (§3), each answer checked the way Entra reads it: the
 * status codes it accepts, and values it wrote coming back byte-identical (or it PATCHes again
 * every cycle, §2.4).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER, entraMember, entraUser, MANAGER_PATH, patchOp } from '../support/entra-payloads.ts';
import { useRoster } from '../support/roster-fixture.ts';
import {
  createGroup,
  expectEmptyListResponse,
  expectGroupPatched,
  expectListResponse,
  expectOnlyMatch,
  expectScimError,
  expectScimJson,
  expectStatus,
  expectUserPatched,
  getUser,
  memberIds,
} from './support.ts';

const suite = useRoster();

type EntraUserBody = ReturnType<typeof entraUser>;

/**
 * Every attribute Entra sent comes back unchanged (it diffs what it reads against its source);
 * `managerId`, once the reference pass set it, is in the enterprise extension as `{ value }`.
 */
function expectEcho(resource: any, body: EntraUserBody, managerId?: string): void {
  const { meta: _meta, roles: _roles, schemas, [ENTERPRISE_USER]: enterprise, ...sent } = body;
  for (const [key, value] of Object.entries(sent)) expect(resource[key], `echo of ${key}`).toEqual(value);
  expect(resource.schemas).toEqual(expect.arrayContaining(schemas));
  if (managerId === undefined) {
    expect(resource[ENTERPRISE_USER]).toEqual(enterprise);
  } else {
    const { manager, ...rest } = resource[ENTERPRISE_USER];
    expect(rest).toEqual(enterprise);
    expect(manager).toMatchObject({ value: managerId });
  }
}

/** Test Connection / start-of-cycle probes (docs/entra.md §1.3). */
async function cycleStartProbes(): Promise<void> {
  expectEmptyListResponse(await suite.scim.filterUsers(`userName eq "${randomUUID()}"`));
  expectEmptyListResponse(await suite.scim.filterGroups(`displayName eq "${randomUUID()}"`));
}

/** Match by userName (no hit), then POST (docs/entra.md §2.3); returns the target id. */
async function matchOrCreate(body: EntraUserBody): Promise<string> {
  expectEmptyListResponse(await suite.scim.filterUsers(`userName eq "${body.userName}"`));
  const created = await suite.scim.post('/Users', body);
  expectStatus(created, 201);
  expectScimJson(created);
  expect(created.headers.get('location')).toBe(
    `${suite.roster.account.baseUrl}/Users/${created.body.id as string}`,
  );
  expectEcho(created.body, body);
  return created.body.id as string;
}

describe('Entra sequences', () => {
  it('default mode: probe → match → create → manager reference pass → group + members → update → disable → re-enable → remove member → rename → delete', async () => {
    await cycleStartProbes();

    // Initial cycle, user pass: the manager and the report, matched then created.
    const managerBody = entraUser();
    const userBody = entraUser();
    const managerId = await matchOrCreate(managerBody);
    const userId = await matchOrCreate(userBody);

    // Reference pass: manager as a bare target id, capitalised op (docs/entra.md §2.9).
    const withManager = expectUserPatched(
      await suite.scim.patch(
        `/Users/${userId}`,
        patchOp({ op: 'Add', path: MANAGER_PATH, value: managerId }),
      ),
      userId,
    );
    expect(withManager[ENTERPRISE_USER].manager).toMatchObject({ value: managerId });
    let read = await getUser(suite.scim, userId);
    expect(read[ENTERPRISE_USER].manager).toMatchObject({ value: managerId });
    expect(typeof read[ENTERPRISE_USER].manager).toBe('object');
    expectEcho(read, userBody, managerId);

    // Group pass: lookup without members, create empty, add members by PATCH (§2.10, §2.12).
    const displayName = `Sales EMEA ${randomUUID()}`;
    expectEmptyListResponse(await suite.scim.filterGroups(`displayName eq "${displayName}"`));
    const group = await createGroup(suite.scim, displayName);
    expect(group.displayName).toBe(displayName);
    expectGroupPatched(
      await suite.scim.patch(
        `/Groups/${group.id}`,
        patchOp({ op: 'Add', path: 'members', value: [entraMember(userId), entraMember(managerId)] }),
      ),
      group.id,
    );
    expect(await memberIds(suite.scim, group.id)).toEqual([userId, managerId].sort());
    const foundGroup = expectOnlyMatch(
      await suite.scim.filterGroups(`displayName eq "${displayName}"`),
      group.id,
    );
    expect(foundGroup).not.toHaveProperty('members');

    // Incremental cycle: read the target, PATCH only what differs, one op per attribute (§2.4, §2.5).
    await getUser(suite.scim, userId);
    const newUserName = `renamed.${randomUUID()}@contoso.com`;
    const newWorkEmail = `Renamed.${randomUUID()}@Contoso.com`;
    const updated = expectUserPatched(
      await suite.scim.patch(
        `/Users/${userId}`,
        patchOp(
          { op: 'Replace', path: 'userName', value: newUserName },
          { op: 'Replace', path: 'name.familyName', value: 'Newname' },
          { op: 'Add', path: 'title', value: 'Lead Engineer' },
          { op: 'Replace', path: `${ENTERPRISE_USER}:department`, value: 'Platform' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: newWorkEmail },
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' },
        ),
      ),
      userId,
    );
    for (const resource of [updated, await getUser(suite.scim, userId)]) {
      expect(resource.id).toBe(userId);
      expect(resource.userName).toBe(newUserName);
      expect(resource.name).toEqual({ ...userBody.name, familyName: 'Newname' });
      expect(resource.title).toBe('Lead Engineer');
      expect(resource[ENTERPRISE_USER]).toMatchObject({
        ...userBody[ENTERPRISE_USER],
        department: 'Platform',
      });
      expect(resource[ENTERPRISE_USER].manager).toMatchObject({ value: managerId });
      expect(resource.emails).toEqual([{ ...userBody.emails[0], value: newWorkEmail }]);
      expect(resource.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0199' }]);
      expect(resource.addresses).toEqual(userBody.addresses);
    }
    expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${newUserName}"`), userId);
    expectListResponse(await suite.scim.filterUsers(`userName eq "${userBody.userName}"`), 0);

    // Unassigned: disable with the string "False" (§2.6); still readable, memberships kept.
    const disabled = expectUserPatched(
      await suite.scim.patch(`/Users/${userId}`, patchOp({ op: 'Replace', path: 'active', value: 'False' })),
      userId,
    );
    expect(disabled.active).toBe(false);
    expect((await getUser(suite.scim, userId)).active).toBe(false);
    expect(await memberIds(suite.scim, group.id)).toEqual([userId, managerId].sort());

    // Re-assigned: Entra re-queries by its matching attribute, finds the inactive user, re-enables (§2.7).
    const rematched = expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${newUserName}"`), userId);
    expect(rematched.active).toBe(false);
    const enabled = expectUserPatched(
      await suite.scim.patch(`/Users/${userId}`, patchOp({ op: 'Replace', path: 'active', value: 'True' })),
      userId,
    );
    expect(enabled.active).toBe(true);
    expect((await getUser(suite.scim, userId)).active).toBe(true);

    // The manager leaves the group: default-mode removal with a value (§2.13).
    expectGroupPatched(
      await suite.scim.patch(
        `/Groups/${group.id}`,
        patchOp({ op: 'Remove', path: 'members', value: [entraMember(managerId)] }),
      ),
      group.id,
    );
    expect(await memberIds(suite.scim, group.id)).toEqual([userId]);

    // Group renamed in Entra (§2.11).
    const renamed = `Sales Europe ${randomUUID()}`;
    expectGroupPatched(
      await suite.scim.patch(
        `/Groups/${group.id}`,
        patchOp({ op: 'Replace', path: 'displayName', value: renamed }),
      ),
      group.id,
    );
    expectOnlyMatch(await suite.scim.filterGroups(`displayName eq "${renamed}"`), group.id);
    expectListResponse(await suite.scim.filterGroups(`displayName eq "${displayName}"`), 0);

    // Manager cleared (§2.9) before the manager is hard-deleted.
    expectUserPatched(
      await suite.scim.patch(
        `/Users/${userId}`,
        patchOp({ op: 'Remove', path: `manager[value eq "${managerId}"]` }),
      ),
      userId,
    );
    read = await getUser(suite.scim, userId);
    expect(read[ENTERPRISE_USER]?.manager ?? null).toBeNull();

    // Hard-deleted in Entra (§2.8), then the group leaves scope (§2.14).
    expectStatus(await suite.scim.delete(`/Users/${managerId}`), 204);
    expectScimError(await suite.scim.get(`/Users/${managerId}`), 404);
    expectListResponse(await suite.scim.filterUsers(`userName eq "${managerBody.userName}"`), 0);
    expectStatus(await suite.scim.delete(`/Groups/${group.id}`), 204);
    expectScimError(await suite.scim.get(`/Groups/${group.id}`), 404);
    expect((await getUser(suite.scim, userId)).userName).toBe(newUserName);
    expectStatus(await suite.scim.delete(`/Users/${userId}`), 204);
    expectScimError(await suite.scim.delete(`/Users/${userId}`), 404);

    await cycleStartProbes();
  });

  it('flag mode (aadOptscim062020): lower-case ops, real booleans, path-less multi-attribute replace, remove members[value eq "…"]', async () => {
    await cycleStartProbes();

    const managerBody = entraUser();
    const userBody = entraUser();
    const managerId = await matchOrCreate(managerBody);
    const userId = await matchOrCreate(userBody);

    // Reference pass: lower-case op, still a bare string (docs/entra.md §2.9).
    expectUserPatched(
      await suite.scim.patch(
        `/Users/${userId}`,
        patchOp({ op: 'add', path: MANAGER_PATH, value: managerId }),
      ),
      userId,
    );
    expect((await getUser(suite.scim, userId))[ENTERPRISE_USER].manager).toMatchObject({ value: managerId });

    const displayName = `Flag Group ${randomUUID()}`;
    expectEmptyListResponse(await suite.scim.filterGroups(`displayName eq "${displayName}"`));
    const group = await createGroup(suite.scim, displayName);
    expectGroupPatched(
      await suite.scim.patch(
        `/Groups/${group.id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: userId }, { value: managerId }] }),
      ),
      group.id,
    );
    expect(await memberIds(suite.scim, group.id)).toEqual([userId, managerId].sort());

    // Several scalar changes folded into one path-less replace; filtered paths stay separate (§2.4, §3).
    await getUser(suite.scim, userId);
    const newUserName = `flag.${randomUUID()}@contoso.com`;
    const newWorkEmail = `flag.${randomUUID()}@contoso.com`;
    const updated = expectUserPatched(
      await suite.scim.patch(
        `/Users/${userId}`,
        patchOp(
          {
            op: 'replace',
            value: {
              userName: newUserName,
              'name.familyName': 'Newname',
              displayName: 'Alice Newname',
              [`${ENTERPRISE_USER}:department`]: 'Platform',
            },
          },
          { op: 'replace', path: 'emails[type eq "work"].value', value: newWorkEmail },
          { op: 'add', path: 'title', value: 'Lead Engineer' },
        ),
      ),
      userId,
    );
    for (const resource of [updated, await getUser(suite.scim, userId)]) {
      expect(resource.id).toBe(userId);
      expect(resource.userName).toBe(newUserName);
      expect(resource.displayName).toBe('Alice Newname');
      expect(resource.name).toEqual({ ...userBody.name, familyName: 'Newname' });
      expect(resource.title).toBe('Lead Engineer');
      expect(resource[ENTERPRISE_USER]).toMatchObject({
        ...userBody[ENTERPRISE_USER],
        department: 'Platform',
      });
      expect(resource[ENTERPRISE_USER].manager).toMatchObject({ value: managerId });
      expect(resource.emails).toEqual([{ ...userBody.emails[0], value: newWorkEmail }]);
      expect(resource.phoneNumbers).toEqual(userBody.phoneNumbers);
    }
    expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${newUserName}"`), userId);

    // Disable with a real boolean; readable, filterable, memberships kept.
    const disabled = expectUserPatched(
      await suite.scim.patch(`/Users/${userId}`, patchOp({ op: 'replace', path: 'active', value: false })),
      userId,
    );
    expect(disabled.active).toBe(false);
    expect(expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${newUserName}"`), userId).active).toBe(
      false,
    );
    expect(await memberIds(suite.scim, group.id)).toEqual([userId, managerId].sort());
    const enabled = expectUserPatched(
      await suite.scim.patch(`/Users/${userId}`, patchOp({ op: 'replace', path: 'active', value: true })),
      userId,
    );
    expect(enabled.active).toBe(true);
    expect((await getUser(suite.scim, userId)).active).toBe(true);

    // Member removal by filter, no value (§2.13).
    expectGroupPatched(
      await suite.scim.patch(
        `/Groups/${group.id}`,
        patchOp({ op: 'remove', path: `members[value eq "${managerId}"]` }),
      ),
      group.id,
    );
    expect(await memberIds(suite.scim, group.id)).toEqual([userId]);

    // Path-less group rename (§2.11).
    const renamed = `Flag Group Renamed ${randomUUID()}`;
    expectGroupPatched(
      await suite.scim.patch(
        `/Groups/${group.id}`,
        patchOp({ op: 'replace', value: { displayName: renamed } }),
      ),
      group.id,
    );
    expectOnlyMatch(await suite.scim.filterGroups(`displayName eq "${renamed}"`), group.id);
    expectListResponse(await suite.scim.filterGroups(`displayName eq "${displayName}"`), 0);
    expect(await memberIds(suite.scim, group.id)).toEqual([userId]);

    // Manager change then clear, lower-case ops.
    expectUserPatched(
      await suite.scim.patch(
        `/Users/${userId}`,
        patchOp({ op: 'replace', path: MANAGER_PATH, value: managerId }),
      ),
      userId,
    );
    expectUserPatched(
      await suite.scim.patch(
        `/Users/${userId}`,
        patchOp({ op: 'remove', path: `${MANAGER_PATH}[value eq "${managerId}"]` }),
      ),
      userId,
    );
    expect((await getUser(suite.scim, userId))[ENTERPRISE_USER]?.manager ?? null).toBeNull();

    // A second identical sync changes nothing Entra reads.
    const before = await getUser(suite.scim, userId);
    expectUserPatched(
      await suite.scim.patch(
        `/Users/${userId}`,
        patchOp({
          op: 'replace',
          value: { userName: newUserName, 'name.familyName': 'Newname', displayName: 'Alice Newname' },
        }),
      ),
      userId,
    );
    const after = await getUser(suite.scim, userId);
    const { meta: _a, ...beforeValues } = before;
    const { meta: _b, ...afterValues } = after;
    expect(JSON.stringify(afterValues)).toBe(JSON.stringify(beforeValues));

    expectStatus(await suite.scim.delete(`/Users/${userId}`), 204);
    expectScimError(await suite.scim.get(`/Users/${userId}`), 404);
    expectStatus(await suite.scim.delete(`/Groups/${group.id}`), 204);
    expectScimError(await suite.scim.get(`/Groups/${group.id}`), 404);
    expect((await getUser(suite.scim, managerId)).userName).toBe(managerBody.userName);
  });
});
