import { WRITE_COMMAND_VERSION, type WriteCommand } from '@roster/jobs';
import { parsePatchRequest, ScimError, validateResource, type Result } from '@roster/scim';
import { GROUP_KIND, newResourceId, USER_KIND, type Member } from '@roster/store';
import type { ResourceTypeName } from './render/resource.ts';

/**
 * Client requests -> write commands, for the resource routes and /Bulk alike: validation
 * happens here, in ingress, so a job never carries a write the worker could reject as
 * malformed. Throws ScimError for bad input (routes turn it into the response).
 */

const unwrap = <T>(result: Result<T, ScimError>): T => {
  if (!result.ok) throw result.error;
  return result.value;
};

const kindOf = (type: ResourceTypeName) => (type === 'User' ? USER_KIND : GROUP_KIND);

export const knownSchemasOf = (type: ResourceTypeName): string[] => {
  const { schemas } = kindOf(type);
  return [schemas.core.id, ...schemas.extensions.map((schema) => schema.id)];
};

/** Validates a POST/PUT body; a Group's members are split off (they are stored apart). */
function validatedBody(type: ResourceTypeName, body: unknown) {
  const validated = unwrap(validateResource(body, type, { extensions: kindOf(type).schemas.extensions }));
  const { members, ...core } = validated.core as Record<string, unknown> & { members?: unknown };
  const requested = Array.isArray(members) ? (members as { value: string; type?: string }[]) : [];
  return {
    attributes: { core, extensions: validated.extensions },
    members: requested.map((member): Member => ({ value: member.value, type: member.type === 'Group' ? 'Group' : 'User' })),
  };
}

const conditional = (ifVersion: number | undefined): { ifVersion?: number } => (ifVersion === undefined ? {} : { ifVersion });

/** POST: the new resource's id is fixed here, before enqueueing, so retries write the same document. */
export function createCommand(type: ResourceTypeName, accountId: string, body: unknown): WriteCommand {
  const { attributes, members } = validatedBody(type, body);
  const base = { v: WRITE_COMMAND_VERSION, accountId } as const;
  const id = newResourceId();
  return type === 'User'
    ? { ...base, type: 'user.create', userId: id, attributes }
    : { ...base, type: 'group.create', groupId: id, attributes, members };
}

export function replaceCommand(type: ResourceTypeName, accountId: string, id: string, body: unknown, ifVersion?: number): WriteCommand {
  const { attributes, members } = validatedBody(type, body);
  const base = { v: WRITE_COMMAND_VERSION, accountId, ...conditional(ifVersion) } as const;
  return type === 'User'
    ? { ...base, type: 'user.replace', userId: id, attributes }
    : { ...base, type: 'group.replace', groupId: id, attributes, members };
}

export function patchCommand(type: ResourceTypeName, accountId: string, id: string, body: unknown, ifVersion?: number): WriteCommand {
  const operations = unwrap(parsePatchRequest(body, { knownSchemas: knownSchemasOf(type) }));
  const base = { v: WRITE_COMMAND_VERSION, accountId, ...conditional(ifVersion) } as const;
  return type === 'User'
    ? { ...base, type: 'user.patch', userId: id, operations }
    : { ...base, type: 'group.patch', groupId: id, operations };
}

export function deleteCommand(type: ResourceTypeName, accountId: string, id: string, ifVersion?: number): WriteCommand {
  const base = { v: WRITE_COMMAND_VERSION, accountId, ...conditional(ifVersion) } as const;
  return type === 'User' ? { ...base, type: 'user.delete', userId: id } : { ...base, type: 'group.delete', groupId: id };
}

/** The id a command writes (for Bulk's `location`). */
export const commandResourceId = (command: WriteCommand): string => ('userId' in command ? command.userId : command.groupId);
