import type { NextFunction, Request, Response, Router } from 'express';
import { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { createRedisConnection, type RedisClient } from '@roster/jobs';
import { changesState, type AuthLocals } from './auth/authenticate.ts';
import { permit, type AdminContext } from './operations/context.ts';

export const DASHBOARD_PATH = '/queues';

export interface QueueDashboard {
  router: Router;
  close(): Promise<void>;
}

/**
 * The BullMQ dashboard (bull-board): every queue's counts, failed jobs with their error, retry
 * and remove. Operators only; anyone else is sent to sign in or refused, and the refusal logged.
 */
export function queueDashboard(
  ctx: AdminContext,
  options: {
    redisUrl: string;
    prefix: string;
    queueNames: readonly string[];
    /** The console's origin: a signed-in browser's changes (retry, remove) must come from it. */
    consoleOrigin: string;
  },
): QueueDashboard {
  const connection: RedisClient = createRedisConnection(options.redisUrl, 'producer');
  connection.on('error', (error: unknown) => ctx.logger.warn({ err: error }, 'queue dashboard: redis error'));
  const queues = options.queueNames.map((name) => new Queue(name, { connection, prefix: options.prefix }));
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  const inner = serverAdapter.getRouter() as Router;
  const gate = (req: Request, res: Response, next: NextFunction): void => {
    const { principal } = res.locals as AuthLocals;
    if (principal === undefined) {
      res.redirect(303, `/console/sign-in?next=${encodeURIComponent(DASHBOARD_PATH)}`);
      return;
    }
    const refuse = (): void => {
      res
        .status(403)
        .type('text/plain')
        .send('The queue dashboard is for operators (permission "queues:view").');
    };
    try {
      permit(ctx, principal, 'queues:view');
    } catch {
      refuse(); // permit logged the denial
      return;
    }
    // The dashboard's own UI changes jobs with fetch(PUT): with the session cookie, such a request
    // must come from the console's origin (bull-board has no CSRF token of its own).
    const session = (res.locals as AuthLocals).session;
    if (session !== undefined && changesState(req) && req.headers.origin !== options.consoleOrigin) {
      ctx.logger.warn(
        { adminId: principal.adminId, action: 'queues:view', reason: 'crossSite' },
        'admin action denied',
      );
      refuse();
      return;
    }
    inner(req, res, next);
  };
  return {
    router: gate as unknown as Router,
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}
