import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * Housekeeping jobs, on a queue of their own (MAINTENANCE_QUEUE) so they never wait behind
 * SCIM writes and a write never waits behind them. Scheduled by the worker at start with a
 * fixed scheduler id, so every worker process scheduling them keeps one schedule.
 */
export const MAINTENANCE_COMMAND_VERSION = 1;

/** Deletes provisioning log entries older than `retentionDays` (docs/provisioning-log.md). */
export const provisioningLogPurgeSchema = z.strictObject({
  v: z.literal(MAINTENANCE_COMMAND_VERSION),
  retentionDays: z.number().int().min(1).max(3650),
});
export type ProvisioningLogPurgeCommand = z.infer<typeof provisioningLogPurgeSchema>;

export const PROVISIONING_LOG_PURGE = {
  /** Job name, and the id of its job scheduler (one schedule however many workers start). */
  name: 'provisioning-log-purge',
  schema: provisioningLogPurgeSchema,
  /** Hourly: each run deletes about an hour's worth of entries per account. */
  everyMs: 60 * 60_000,
  options: {
    // A failed run is simply the next hour's run; keep a few of each for the dashboard.
    attempts: 1,
    removeOnComplete: { count: 24 },
    removeOnFail: { count: 24 },
  } satisfies JobsOptions,
} as const;

/** Checks a dequeued purge payload; a malformed one is refused with the reason. */
export function parsePurgeCommand(
  payload: unknown,
): { ok: true; command: ProvisioningLogPurgeCommand } | { ok: false; reason: string } {
  const parsed = provisioningLogPurgeSchema.safeParse(payload);
  return parsed.success
    ? { ok: true, command: parsed.data }
    : { ok: false, reason: `malformed ${PROVISIONING_LOG_PURGE.name} payload: ${parsed.error.message}` };
}
