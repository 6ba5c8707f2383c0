import { Router } from 'express';
import { z } from 'zod';
import { ACCOUNT_ROLES } from '@roster/store';
import { principalOf } from '../auth/principal.ts';
import type { AdminContext } from '../operations/context.ts';
import {
  createAccount,
  getAccount,
  listAccounts,
  setAccountDisabled,
  setAccountRateLimit,
} from '../operations/accounts.ts';
import { addAdmin, changeAdminRole, listAdmins, NewAdminInput, removeAdmin } from '../operations/admins.ts';
import { generateScimToken, listScimTokens, revokeScimToken } from '../operations/scim-tokens.ts';
import { addField, listFields, removeField, setMapping, updateField } from '../operations/fields.ts';
import { parsed } from '../http/parse.ts';

const Paging = z.object({
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
const NewAccount = z.object({ accountId: z.string(), name: z.string().trim().min(1).max(200).optional() });
const RateLimit = z.object({ perSecond: z.number().int(), burst: z.number().int() });
// Its range is checked by generateScimToken, the one place for it.
const NewToken = z.object({ expiresInDays: z.number().optional() });
const RoleChange = z.object({ role: z.enum(ACCOUNT_ROLES) });
const Field = z.object({
  type: z.string().optional(),
  label: z.string().optional(),
  required: z.boolean().optional(),
  options: z.array(z.string()).optional(),
  currencies: z.array(z.string()).optional(),
  target: z.string().optional(),
  indexed: z.boolean().optional(),
});
const NewField = Field.extend({ id: z.string() });
const Mapping = z.object({ sources: z.array(z.string()).min(1) });

/**
 * The admin JSON API for accounts and their settings: accounts (operators), admins and roles,
 * SCIM tokens, custom fields and mappings. Each route parses its input and calls one operation,
 * which checks the policy; routes decide nothing else.
 */
export function accountRoutes(ctx: AdminContext): Router {
  const router = Router();

  router.get('/me', (_req, res) => {
    res.json(principalOf(res));
  });

  router.get('/accounts', async (req, res) => {
    res.json(await listAccounts(ctx, principalOf(res), parsed(Paging, req.query)));
  });
  router.post('/accounts', async (req, res) => {
    res.status(201).json(await createAccount(ctx, principalOf(res), parsed(NewAccount, req.body)));
  });
  router.get('/accounts/:accountId', async (req, res) => {
    res.json(await getAccount(ctx, principalOf(res), req.params.accountId));
  });
  router.post('/accounts/:accountId/disable', async (req, res) => {
    res.json(await setAccountDisabled(ctx, principalOf(res), req.params.accountId, true));
  });
  router.post('/accounts/:accountId/enable', async (req, res) => {
    res.json(await setAccountDisabled(ctx, principalOf(res), req.params.accountId, false));
  });

  router.put('/accounts/:accountId/rate-limit', async (req, res) => {
    const limit = parsed(RateLimit, req.body);
    res.json(await setAccountRateLimit(ctx, principalOf(res), req.params.accountId, limit));
  });
  router.delete('/accounts/:accountId/rate-limit', async (req, res) => {
    res.json(await setAccountRateLimit(ctx, principalOf(res), req.params.accountId, null));
  });

  router.get('/accounts/:accountId/admins', async (req, res) => {
    res.json({ admins: await listAdmins(ctx, principalOf(res), req.params.accountId) });
  });
  router.post('/accounts/:accountId/admins', async (req, res) => {
    res
      .status(201)
      .json(await addAdmin(ctx, principalOf(res), req.params.accountId, parsed(NewAdminInput, req.body)));
  });
  router.patch('/accounts/:accountId/admins/:adminId', async (req, res) => {
    const { role } = parsed(RoleChange, req.body);
    res.json(await changeAdminRole(ctx, principalOf(res), req.params.accountId, req.params.adminId, role));
  });
  router.delete('/accounts/:accountId/admins/:adminId', async (req, res) => {
    await removeAdmin(ctx, principalOf(res), req.params.accountId, req.params.adminId);
    res.status(204).end();
  });

  router.get('/accounts/:accountId/scim-tokens', async (req, res) => {
    res.json({ tokens: await listScimTokens(ctx, principalOf(res), req.params.accountId) });
  });
  router.post('/accounts/:accountId/scim-tokens', async (req, res) => {
    const generated = await generateScimToken(
      ctx,
      principalOf(res),
      req.params.accountId,
      parsed(NewToken, req.body),
    );
    // The clear token is in this answer only: nothing may keep it.
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(generated);
  });
  router.delete('/accounts/:accountId/scim-tokens/:tokenId', async (req, res) => {
    res.json(await revokeScimToken(ctx, principalOf(res), req.params.accountId, req.params.tokenId));
  });

  router.get('/accounts/:accountId/fields', async (req, res) => {
    res.json(await listFields(ctx, principalOf(res), req.params.accountId));
  });
  router.post('/accounts/:accountId/fields', async (req, res) => {
    const { id, ...input } = parsed(NewField, req.body);
    res.status(201).json(await addField(ctx, principalOf(res), req.params.accountId, id, input));
  });
  router.put('/accounts/:accountId/fields/:fieldId', async (req, res) => {
    const input = parsed(Field, req.body);
    res.json(await updateField(ctx, principalOf(res), req.params.accountId, req.params.fieldId, input));
  });
  router.delete('/accounts/:accountId/fields/:fieldId', async (req, res) => {
    await removeField(ctx, principalOf(res), req.params.accountId, req.params.fieldId);
    res.status(204).end();
  });
  router.put('/accounts/:accountId/mappings/:column', async (req, res) => {
    const { sources } = parsed(Mapping, req.body);
    res.json(await setMapping(ctx, principalOf(res), req.params.accountId, req.params.column, sources));
  });

  return router;
}
