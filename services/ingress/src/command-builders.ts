import { WRITE_COMMAND_VERSION, type WriteCommand } from '@roster/jobs';
import { parsePatchRequest, validateResource } from '@roster/scim';
import {
  checkPatchedFields,
  GROUP_KIND,
  newResourceId,
  userAttributes,
  type AccountSchema,
  type Member,
  type ResourceKind,
} from '@roster/store';
import type { ResourceTypeName } from './render/resource.ts';
import { unwrap } from './http/unwrap.ts';

/**
 * Client requests -> write commands, for the resource routes and /Bulk alike: validation
 * happens here, in ingress, so a job never carries a write the worker could reject as
 * malformed. Throws ScimError for bad input (routes turn it into the response).
 */

/** Who writes what: the resource type, and the account whose schema validates it. */
export interface CommandScope {
  type: ResourceTypeName;
  accountId: string;
  account: AccountSchema;
}

export const kindOf = (scope: Pick<CommandScope, 'type' | 'account'>): ResourceKind =>
  scope.type === 'User' ? scope.account.userKind : GROUP_KIND;

export const knownSchemasOf = (kind: ResourceKind): string[] => [
  kind.schemas.core.id,
  ...kind.schemas.extensions.map((schema) => schema.id),
];

/** Validates a POST/PUT body; a Group's members are split off (they are stored apart). */
function validatedBody(scope: CommandScope, body: unknown) {
  const kind = kindOf(scope);
  const validated = unwrap(validateResource(body, scope.type, { extensions: kind.schemas.extensions }));
  if (scope.type === 'User') {
    // Converting the custom fields here refuses bad values before enqueueing; the typed values
    // themselves are computed by the worker (dates do not survive the job's JSON).
    const { typed: _typed, ...attributes } = unwrap(userAttributes(scope.account, validated));
    return { attributes, members: [] };
  }
  const { members, ...core } = validated.core as Record<string, unknown> & { members?: unknown };
  const requested = Array.isArray(members) ? (members as { value: string; type?: string }[]) : [];
  // Each member once, in first-seen order: what the group will hold, and what its answer shows.
  const unique = new Map<string, Member>();
  for (const member of requested)
    if (!unique.has(member.value))
      unique.set(member.value, { value: member.value, type: member.type === 'Group' ? 'Group' : 'User' });
  return { attributes: { core, extensions: validated.extensions }, members: [...unique.values()] };
}

const conditional = (ifVersion: number | undefined): { ifVersion?: number } =>
  ifVersion === undefined ? {} : { ifVersion };

/** POST: the new resource's id is fixed here, before enqueueing, so retries write the same document. */
export function createCommand(scope: CommandScope, body: unknown): WriteCommand {
  const { attributes, members } = validatedBody(scope, body);
  const base = { v: WRITE_COMMAND_VERSION, accountId: scope.accountId } as const;
  const id = newResourceId();
  return scope.type === 'User'
    ? { ...base, type: 'user.create', userId: id, attributes }
    : { ...base, type: 'group.create', groupId: id, attributes, members };
}

export function replaceCommand(
  scope: CommandScope,
  id: string,
  body: unknown,
  ifVersion?: number,
): WriteCommand {
  const { attributes, members } = validatedBody(scope, body);
  const base = { v: WRITE_COMMAND_VERSION, accountId: scope.accountId, ...conditional(ifVersion) } as const;
  return scope.type === 'User'
    ? { ...base, type: 'user.replace', userId: id, attributes }
    : { ...base, type: 'group.replace', groupId: id, attributes, members };
}

export function patchCommand(
  scope: CommandScope,
  id: string,
  body: unknown,
  ifVersion?: number,
): WriteCommand {
  const operations = unwrap(parsePatchRequest(body, { knownSchemas: knownSchemasOf(kindOf(scope)) }));
  const base = { v: WRITE_COMMAND_VERSION, accountId: scope.accountId, ...conditional(ifVersion) } as const;
  // Checked here like a POST/PUT body's fields (validatedBody), so the same mistake gets the same 400.
  if (scope.type === 'User') unwrap(checkPatchedFields(scope.account, operations));
  return scope.type === 'User'
    ? { ...base, type: 'user.patch', userId: id, operations }
    : { ...base, type: 'group.patch', groupId: id, operations };
}

export function deleteCommand(scope: CommandScope, id: string, ifVersion?: number): WriteCommand {
  const base = { v: WRITE_COMMAND_VERSION, accountId: scope.accountId, ...conditional(ifVersion) } as const;
  return scope.type === 'User'
    ? { ...base, type: 'user.delete', userId: id }
    : { ...base, type: 'group.delete', groupId: id };
}

/** The id a command writes (for Bulk's `location`). */
export const commandResourceId = (command: WriteCommand): string =>
  'userId' in command ? command.userId : command.groupId;
