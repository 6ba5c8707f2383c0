import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import {
  entraUser,
  entraCreateGroupBody,
  entraMember,
  patchOp,
  type EntraUserOptions,
  type PatchOperation,
} from '../support/entra-payloads.ts';
import type { ScimClient, ScimResponse } from '../support/scim-client.ts';

export const SCIM_JSON = /^application\/scim\+json/;
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Everything Roster sends with a body is `application/scim+json` (RFC 7644 §3.1, docs/entra.md §2.0). */
export function expectScimJson(res: { status: number; headers: Headers; text: string }): void {
  expect(
    res.headers.get('content-type'),
    `Content-Type of a ${res.status} answer (body: ${res.text.slice(0, 200)})`,
  ).toMatch(SCIM_JSON);
}

/** Asserts a status, printing the body when it differs (so a failure says why). */
export function expectStatus(res: ScimResponse, ...statuses: number[]): void {
  expect(statuses, `status ${res.status}, body: ${res.text.slice(0, 500)}`).toContain(res.status);
}

/** Asserts a status ({@link expectStatus}) and an `application/scim+json` body ({@link expectScimJson}). */
export function expectScimStatus(res: ScimResponse, ...statuses: number[]): void {
  expectStatus(res, ...statuses);
  expectScimJson(res);
}

/**
 * A SCIM error (RFC 7644 §3.12): the status, `application/scim+json`, the Error schema, `status`
 * as a string, a useful `detail`, and `scimType` when one is expected.
 */
export function expectScimError(res: ScimResponse, status: number, scimType?: string): void {
  expectScimStatus(res, status);
  expect(res.body).toBeTypeOf('object');
  expect(res.body.schemas).toEqual([ERROR_SCHEMA]);
  expect(res.body.status).toBe(String(status));
  expect(res.body.detail, 'an error needs a useful detail').toBeTypeOf('string');
  expect((res.body.detail as string).length).toBeGreaterThanOrEqual(8);
  if (scimType !== undefined) expect(res.body.scimType).toBe(scimType);
}

/** A ListResponse (RFC 7644 §3.4.2) with integer counters; returns its resources. */
export function expectListResponse(res: ScimResponse, totalResults?: number): any[] {
  expectScimStatus(res, 200);
  const body = res.body;
  expect(body.schemas).toEqual([LIST_RESPONSE]);
  expect(Number.isInteger(body.totalResults), 'totalResults is an integer').toBe(true);
  expect(Number.isInteger(body.startIndex), 'startIndex is an integer').toBe(true);
  expect(Number.isInteger(body.itemsPerPage), 'itemsPerPage is an integer').toBe(true);
  expect(Array.isArray(body.Resources), 'Resources is an array').toBe(true);
  expect(body.itemsPerPage).toBe(body.Resources.length);
  if (totalResults !== undefined) expect(body.totalResults).toBe(totalResults);
  return body.Resources as any[];
}

/** The exact empty ListResponse Entra expects for its GUID probes (docs/entra.md §1.2). */
export function expectEmptyListResponse(res: ScimResponse): void {
  expectScimStatus(res, 200);
  expect(res.body).toEqual({
    schemas: [LIST_RESPONSE],
    totalResults: 0,
    startIndex: 1,
    itemsPerPage: 0,
    Resources: [],
  });
}

/** A filter that must find exactly the resource `id`. */
export function expectOnlyMatch(res: ScimResponse, id: string): any {
  const resources = expectListResponse(res, 1);
  expect(resources).toHaveLength(1);
  expect(resources[0].id).toBe(id);
  return resources[0];
}

/**
 * A successful user PATCH. RFC 7644 §3.5.2 allows 200 + the full resource or 204, and Entra
 * accepts both (docs/entra.md §2.4); Roster's API answers 200 with the resource as stored.
 */
export function expectUserPatched(res: ScimResponse, id: string): any {
  expectScimStatus(res, 200);
  expect(res.body.id).toBe(id);
  return res.body;
}

/**
 * A successful group PATCH: 204 preferred by Entra, 200 (with the group) acceptable
 * (docs/entra.md §2.11–§2.13, docs/okta.md §5.2).
 */
export function expectGroupPatched(res: ScimResponse, id: string): void {
  expectStatus(res, 204, 200);
  if (res.status === 200) {
    expectScimJson(res);
    expect(res.body.id).toBe(id);
  } else {
    expect(res.text).toBe('');
  }
}

/** POST /Users of an Entra-shaped user; asserts 201 and returns the created body. */
export async function createUser(scim: ScimClient, options: EntraUserOptions = {}): Promise<any> {
  const res = await scim.post('/Users', entraUser(options));
  expectStatus(res, 201);
  expect(res.body.id).toBeTypeOf('string');
  return res.body;
}

/** Creates `n` users, `batch` at a time; returns their ids in creation order. */
export async function createUsers(scim: ScimClient, n: number, batch = 10): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += batch) {
    const created = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => createUser(scim)));
    ids.push(...created.map((user: { id: string }) => user.id));
  }
  return ids;
}

/** POST /Groups as Entra does (no members); asserts 201 and returns the created body. */
export async function createGroup(scim: ScimClient, displayName?: string): Promise<any> {
  const res = await scim.post('/Groups', entraCreateGroupBody(displayName));
  expectStatus(res, 201);
  expect(res.body.id).toBeTypeOf('string');
  return res.body;
}

/** `PATCH /Users/{id}` with `operations`; asserts a successful user PATCH ({@link expectUserPatched}), returns the user. */
export async function patchUser(scim: ScimClient, id: string, ...operations: PatchOperation[]): Promise<any> {
  return expectUserPatched(await scim.patch(`/Users/${id}`, patchOp(...operations)), id);
}

/** `PATCH /Groups/{id}` with `operations`; asserts a successful group PATCH ({@link expectGroupPatched}). */
export async function patchGroup(
  scim: ScimClient,
  id: string,
  ...operations: PatchOperation[]
): Promise<void> {
  expectGroupPatched(await scim.patch(`/Groups/${id}`, patchOp(...operations)), id);
}

/** `DELETE {path}` answers 204; a `GET {path}` afterwards is a SCIM 404. */
export async function deleteAndExpectGone(scim: ScimClient, path: string): Promise<void> {
  expectStatus(await scim.delete(path), 204);
  expectScimError(await scim.get(path), 404);
}

/** Entra's default-mode member add (`Add` + `members` + `$ref: null` elements). */
export async function addMembers(scim: ScimClient, groupId: string, userIds: string[]): Promise<void> {
  await patchGroup(scim, groupId, { op: 'Add', path: 'members', value: userIds.map(entraMember) });
}

/** The member ids of a group, sorted, read with `GET /Groups/{id}`. */
export async function memberIds(scim: ScimClient, groupId: string): Promise<string[]> {
  const res = await scim.get(`/Groups/${groupId}`);
  expectStatus(res, 200);
  const members = (res.body.members ?? []) as { value: string }[];
  return members.map((member) => member.value).sort();
}

/** GET /Users/{id}, asserting 200. */
export async function getUser(scim: ScimClient, id: string): Promise<any> {
  const res = await scim.get(`/Users/${id}`);
  expectScimStatus(res, 200);
  return res.body;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/**
 * A request through `node:http`, which (unlike fetch) adds no `User-Agent`: Entra's calls have
 * been seen without one (docs/entra.md §1.1).
 */
export function rawRequest(
  url: string,
  { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Latencies of a load run, in milliseconds. */
export class LatencyRecorder {
  private readonly samples: number[] = [];

  record(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  /** Nearest-rank percentile (p in 0..100). */
  percentile(p: number): number {
    if (this.samples.length === 0) return Number.NaN;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1]!;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
