import { accountBaseUrl } from '@roster/runtime';
import { Router, type Request, type Response } from 'express';
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  renderSchema,
  RESOURCE_TYPE_SCHEMA,
  ScimError,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  urnEquals,
  USER_SCHEMA,
} from '@roster/scim';
import { GROUP_KIND } from '@roster/store';
import type { AccountSchemaCache } from '@roster/store';
import { scopeOf } from '../http/request-scope.ts';
import { sendScim } from '../http/scim-response.ts';
import { listResponse } from '../render/list-response.ts';
import { MAX_PAGE_SIZE } from '../query/pagination.ts';
import { BULK_MAX_OPERATIONS } from './bulk.ts';

export interface DiscoveryDeps {
  publicBaseUrl: string;
  bodyLimitBytes: number;
  accounts: AccountSchemaCache;
}

/**
 * RFC 7644 §4 discovery, honest about what Roster does: PATCH, filter (with its page cap),
 * sort, ETags and Bulk are supported; password change is not (Roster never stores passwords).
 */
export function discoveryRouter({ publicBaseUrl, bodyLimitBytes, accounts }: DiscoveryDeps): Router {
  const router = Router({ mergeParams: true, caseSensitive: false, strict: false });
  const baseUrlOf = (res: Response): string => accountBaseUrl(publicBaseUrl, scopeOf(res).accountId);

  router.get('/ServiceProviderConfig', (_req, res) => {
    sendScim(res, 200, {
      schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
      documentationUri: 'https://github.com/roster/roster#connecting-microsoft-entra-id',
      patch: { supported: true },
      bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: bodyLimitBytes },
      filter: { supported: true, maxResults: MAX_PAGE_SIZE },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'Bearer token',
          description: 'The account SCIM token from "Configure SCIM", sent as Authorization: Bearer <token>',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrlOf(res)}/ServiceProviderConfig` },
    });
  });

  /** Each account sees its own extension schema, with its own fields, and no other account's. */
  const schemasOf = async (res: Response) => {
    const account = await accounts.of(scopeOf(res).accountId);
    return {
      account,
      schemas: [
        account.userKind.schemas.core,
        ...account.userKind.schemas.extensions,
        GROUP_KIND.schemas.core,
      ],
    };
  };

  const resourceTypes = (baseUrl: string, customUrn: string) => [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: USER_SCHEMA,
      schemaExtensions: [
        { schema: ENTERPRISE_USER_SCHEMA, required: false },
        { schema: customUrn, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: GROUP_SCHEMA,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];

  router.get('/ResourceTypes', async (_req, res) => {
    const { account } = await schemasOf(res);
    const types = resourceTypes(baseUrlOf(res), account.customUrn);
    sendScim(res, 200, listResponse(types, types.length, 1));
  });

  router.get('/ResourceTypes/:name', async (req: Request<{ name: string }>, res) => {
    const { account } = await schemasOf(res);
    const found = resourceTypes(baseUrlOf(res), account.customUrn).find(
      (type) => type.id.toLowerCase() === req.params.name.toLowerCase(),
    );
    if (found === undefined) throw ScimError.notFound(`No resource type ${req.params.name}`);
    sendScim(res, 200, found);
  });

  router.get('/Schemas', async (_req, res) => {
    const schemas = (await schemasOf(res)).schemas.map((schema) => renderSchema(schema, baseUrlOf(res)));
    sendScim(res, 200, listResponse(schemas, schemas.length, 1));
  });

  router.get('/Schemas/:id', async (req: Request<{ id: string }>, res) => {
    const found = (await schemasOf(res)).schemas.find((schema) => urnEquals(schema.id, req.params.id));
    if (found === undefined) throw ScimError.notFound(`No schema ${req.params.id}`);
    sendScim(res, 200, renderSchema(found, baseUrlOf(res)));
  });

  return router;
}
