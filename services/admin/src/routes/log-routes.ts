import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from '../auth/principal.ts';
import type { AdminContext } from '../operations/context.ts';
import { getLogEntry, listLog } from '../operations/provisioning-log.ts';
import { parsed } from '../http/parse.ts';

const OUTCOMES = ['applied', 'rejected', 'failed', 'timedOut'] as const;

const LogQuery = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  outcome: z.union([z.enum(OUTCOMES), z.array(z.enum(OUTCOMES))]).optional(),
  resourceId: z.string().max(200).optional(),
  userName: z.string().max(256).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** The provisioning log: what Entra ID (or any SCIM client) changed or tried to change. */
export function logRoutes(ctx: AdminContext): Router {
  const router = Router();
  router.get('/accounts/:accountId/provisioning-log', async (req, res) => {
    res.json(await listLog(ctx, principalOf(res), req.params.accountId, parsed(LogQuery, req.query)));
  });
  router.get('/accounts/:accountId/provisioning-log/:entryId', async (req, res) => {
    res.json(await getLogEntry(ctx, principalOf(res), req.params.accountId, req.params.entryId));
  });
  return router;
}
