import { UnrecoverableError, type Job } from 'bullmq';
import { parseWriteCommand, type WriteCommand, type WriteOutcome } from '@roster/jobs';
import type { AccountSchemaCache, Store } from '@roster/store';
import { handlers } from './handlers/index.ts';
import type { ResourceLock } from './resource-lock.ts';
import type { Handler } from './handlers/handler.ts';

/**
 * The BullMQ processor for the write queue. Each payload is checked against the job catalog
 * when it is taken: a payload from an incompatible ingress version, or corrupted on the way,
 * fails permanently with the reason instead of being half-understood.
 */
export function createWriteProcessor(
  store: Store,
  accounts: AccountSchemaCache,
  lock: ResourceLock,
): (job: Job<unknown>) => Promise<WriteOutcome> {
  return async (job) => {
    const parsed = parseWriteCommand(job.data);
    if (!parsed.ok) throw new UnrecoverableError(parsed.reason);
    const { command } = parsed;
    const handler = handlers[command.type] as Handler<WriteCommand>;
    return handler(command, { store, accounts, lock, jobId: job.id ?? '', attemptsMade: job.attemptsMade });
  };
}
