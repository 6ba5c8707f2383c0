/**
 * Whole Entra provisioning sequences (docs/entra.md §2), replayed call by call in the default mode and
 * in the `aadOptscim062020` flag mode (§3), each answer checked the way Entra reads it: the
 * status codes it accepts, and values it wrote coming back byte-identical (or it PATCHes again
 * every cycle, §2.4).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ENTERPRISE_USER,
  entraMember,
  entraUser,
  MANAGER_PATH,
  type PatchOperation,
} from '../support/entra-payloads.ts';
import { useRoster } from '../support/roster-fixture.ts';
import {
  createGroup,
  deleteAndExpectGone,
  expectEmptyListResponse,
  expectListResponse,
  expectOnlyMatch,
  expectScimError,
  expectScimStatus,
  getUser,
  memberIds,
  patchGroup,
  patchUser,
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
  expectScimStatus(created, 201);
  expect(created.headers.get('location')).toBe(
    `${suite.roster.account.baseUrl}/Users/${created.body.id as string}`,
  );
  expectEcho(created.body, body);
  return created.body.id as string;
}

/** The initial cycle's user pass: the manager and the report, each matched then created. */
async function initialUserPass() {
  const managerBody = entraUser();
  const userBody = entraUser();
  const managerId = await matchOrCreate(managerBody);
  const userId = await matchOrCreate(userBody);
  return { managerBody, userBody, managerId, userId };
}

/**
 * Group pass (docs/entra.md §2.10, §2.12): look the group up by displayName (no hit), create it
 * empty, then add `members` with one `op` PATCH; returns the created group.
 */
async function groupPass(displayName: string, op: string, members: { value: string }[]): Promise<any> {
  expectEmptyListResponse(await suite.scim.filterGroups(`displayName eq "${displayName}"`));
  const group = await createGroup(suite.scim, displayName);
  expect(group.displayName).toBe(displayName);
  await patchGroup(suite.scim, group.id, { op, path: 'members', value: members });
  expect(await memberIds(suite.scim, group.id)).toEqual(members.map((member) => member.value).sort());
  return group;
}

/**
 * Incremental cycle (docs/entra.md §2.4): read the target, then PATCH `operations`, which set
 * `change`'s userName and work email, familyName "Newname", title "Lead Engineer" and department
 * "Platform". The PATCH answer and a fresh read both show them, the manager kept, and `others`
 * (further values each mode expects); the user is found by the new userName.
 */
async function incrementalUpdate(
  userBody: EntraUserBody,
  change: { userId: string; managerId: string; userName: string; workEmail: string },
  others: Record<string, unknown>,
  operations: PatchOperation[],
): Promise<void> {
  await getUser(suite.scim, change.userId);
  const updated = await patchUser(suite.scim, change.userId, ...operations);
  for (const resource of [updated, await getUser(suite.scim, change.userId)]) {
    expect(resource.id).toBe(change.userId);
    expect(resource.userName).toBe(change.userName);
    expect(resource.name).toEqual({ ...userBody.name, familyName: 'Newname' });
    expect(resource.title).toBe('Lead Engineer');
    expect(resource[ENTERPRISE_USER]).toMatchObject({
      ...userBody[ENTERPRISE_USER],
      department: 'Platform',
    });
    expect(resource[ENTERPRISE_USER].manager).toMatchObject({ value: change.managerId });
    expect(resource.emails).toEqual([{ ...userBody.emails[0], value: change.workEmail }]);
    for (const [key, value] of Object.entries(others)) expect(resource[key], key).toEqual(value);
  }
  expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${change.userName}"`), change.userId);
}

/** PATCHes `active` with `op` and `value`; the answer and a fresh read both show `expected`. */
async function patchActive(userId: string, op: string, value: unknown, expected: boolean): Promise<void> {
  const patched = await patchUser(suite.scim, userId, { op, path: 'active', value });
  expect(patched.active).toBe(expected);
  expect((await getUser(suite.scim, userId)).active).toBe(expected);
}

/** A renamed group is found by its new displayName only. */
async function expectRenamed(groupId: string, from: string, to: string): Promise<void> {
  expectOnlyMatch(await suite.scim.filterGroups(`displayName eq "${to}"`), groupId);
  expectListResponse(await suite.scim.filterGroups(`displayName eq "${from}"`), 0);
}

describe('Entra sequences', () => {
  it('default mode: probe → match → create → manager reference pass → group + members → update → disable → re-enable → remove member → rename → delete', async () => {
    await cycleStartProbes();

    // Initial cycle, user pass: the manager and the report, matched then created.
    const { managerBody, userBody, managerId, userId } = await initialUserPass();

    // Reference pass: manager as a bare target id, capitalised op (docs/entra.md §2.9).
    const withManager = await patchUser(suite.scim, userId, {
      op: 'Add',
      path: MANAGER_PATH,
      value: managerId,
    });
    expect(withManager[ENTERPRISE_USER].manager).toMatchObject({ value: managerId });
    let read = await getUser(suite.scim, userId);
    expect(read[ENTERPRISE_USER].manager).toMatchObject({ value: managerId });
    expect(typeof read[ENTERPRISE_USER].manager).toBe('object');
    expectEcho(read, userBody, managerId);

    // Group pass: lookup without members, create empty, add members by PATCH (§2.10, §2.12).
    const displayName = `Sales EMEA ${randomUUID()}`;
    const group = await groupPass(displayName, 'Add', [entraMember(userId), entraMember(managerId)]);
    const foundGroup = expectOnlyMatch(
      await suite.scim.filterGroups(`displayName eq "${displayName}"`),
      group.id,
    );
    expect(foundGroup).not.toHaveProperty('members');

    // Incremental cycle: read the target, PATCH only what differs, one op per attribute (§2.4, §2.5).
    const newUserName = `renamed.${randomUUID()}@contoso.com`;
    const newWorkEmail = `Renamed.${randomUUID()}@Contoso.com`;
    await incrementalUpdate(
      userBody,
      { userId, managerId, userName: newUserName, workEmail: newWorkEmail },
      { phoneNumbers: [{ type: 'mobile', value: '+1 555 0199' }], addresses: userBody.addresses },
      [
        { op: 'Replace', path: 'userName', value: newUserName },
        { op: 'Replace', path: 'name.familyName', value: 'Newname' },
        { op: 'Add', path: 'title', value: 'Lead Engineer' },
        { op: 'Replace', path: `${ENTERPRISE_USER}:department`, value: 'Platform' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: newWorkEmail },
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' },
      ],
    );
    expectListResponse(await suite.scim.filterUsers(`userName eq "${userBody.userName}"`), 0);

    // Unassigned: disable with the string "False" (§2.6); still readable, memberships kept.
    await patchActive(userId, 'Replace', 'False', false);
    expect(await memberIds(suite.scim, group.id)).toEqual([userId, managerId].sort());

    // Re-assigned: Entra re-queries by its matching attribute, finds the inactive user, re-enables (§2.7).
    const rematched = expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${newUserName}"`), userId);
    expect(rematched.active).toBe(false);
    await patchActive(userId, 'Replace', 'True', true);

    // The manager leaves the group: default-mode removal with a value (§2.13).
    await patchGroup(suite.scim, group.id, {
      op: 'Remove',
      path: 'members',
      value: [entraMember(managerId)],
    });
    expect(await memberIds(suite.scim, group.id)).toEqual([userId]);

    // Group renamed in Entra (§2.11).
    const renamed = `Sales Europe ${randomUUID()}`;
    await patchGroup(suite.scim, group.id, { op: 'Replace', path: 'displayName', value: renamed });
    await expectRenamed(group.id, displayName, renamed);

    // Manager cleared (§2.9) before the manager is hard-deleted.
    await patchUser(suite.scim, userId, { op: 'Remove', path: `manager[value eq "${managerId}"]` });
    read = await getUser(suite.scim, userId);
    expect(read[ENTERPRISE_USER]?.manager ?? null).toBeNull();

    // Hard-deleted in Entra (§2.8), then the group leaves scope (§2.14).
    await deleteAndExpectGone(suite.scim, `/Users/${managerId}`);
    expectListResponse(await suite.scim.filterUsers(`userName eq "${managerBody.userName}"`), 0);
    await deleteAndExpectGone(suite.scim, `/Groups/${group.id}`);
    expect((await getUser(suite.scim, userId)).userName).toBe(newUserName);
    await deleteAndExpectGone(suite.scim, `/Users/${userId}`);
    expectScimError(await suite.scim.delete(`/Users/${userId}`), 404);

    await cycleStartProbes();
  });

  it('flag mode (aadOptscim062020): lower-case ops, real booleans, path-less multi-attribute replace, remove members[value eq "…"]', async () => {
    await cycleStartProbes();

    const { managerBody, userBody, managerId, userId } = await initialUserPass();

    // Reference pass: lower-case op, still a bare string (docs/entra.md §2.9).
    await patchUser(suite.scim, userId, { op: 'add', path: MANAGER_PATH, value: managerId });
    expect((await getUser(suite.scim, userId))[ENTERPRISE_USER].manager).toMatchObject({ value: managerId });

    const displayName = `Flag Group ${randomUUID()}`;
    const group = await groupPass(displayName, 'add', [{ value: userId }, { value: managerId }]);

    // Several scalar changes folded into one path-less replace; filtered paths stay separate (§2.4, §3).
    const newUserName = `flag.${randomUUID()}@contoso.com`;
    const newWorkEmail = `flag.${randomUUID()}@contoso.com`;
    await incrementalUpdate(
      userBody,
      { userId, managerId, userName: newUserName, workEmail: newWorkEmail },
      { displayName: 'Alice Newname', phoneNumbers: userBody.phoneNumbers },
      [
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
      ],
    );

    // Disable with a real boolean; readable, filterable, memberships kept.
    await patchActive(userId, 'replace', false, false);
    expect(expectOnlyMatch(await suite.scim.filterUsers(`userName eq "${newUserName}"`), userId).active).toBe(
      false,
    );
    expect(await memberIds(suite.scim, group.id)).toEqual([userId, managerId].sort());
    await patchActive(userId, 'replace', true, true);

    // Member removal by filter, no value (§2.13).
    await patchGroup(suite.scim, group.id, { op: 'remove', path: `members[value eq "${managerId}"]` });
    expect(await memberIds(suite.scim, group.id)).toEqual([userId]);

    // Path-less group rename (§2.11).
    const renamed = `Flag Group Renamed ${randomUUID()}`;
    await patchGroup(suite.scim, group.id, { op: 'replace', value: { displayName: renamed } });
    await expectRenamed(group.id, displayName, renamed);
    expect(await memberIds(suite.scim, group.id)).toEqual([userId]);

    // Manager change then clear, lower-case ops.
    await patchUser(suite.scim, userId, { op: 'replace', path: MANAGER_PATH, value: managerId });
    await patchUser(suite.scim, userId, { op: 'remove', path: `${MANAGER_PATH}[value eq "${managerId}"]` });
    expect((await getUser(suite.scim, userId))[ENTERPRISE_USER]?.manager ?? null).toBeNull();

    // A second identical sync changes nothing Entra reads.
    const before = await getUser(suite.scim, userId);
    await patchUser(suite.scim, userId, {
      op: 'replace',
      value: { userName: newUserName, 'name.familyName': 'Newname', displayName: 'Alice Newname' },
    });
    const after = await getUser(suite.scim, userId);
    const { meta: _a, ...beforeValues } = before;
    const { meta: _b, ...afterValues } = after;
    expect(JSON.stringify(afterValues)).toBe(JSON.stringify(beforeValues));

    await deleteAndExpectGone(suite.scim, `/Users/${userId}`);
    await deleteAndExpectGone(suite.scim, `/Groups/${group.id}`);
    expect((await getUser(suite.scim, managerId)).userName).toBe(managerBody.userName);
  });
});
