import { UnrecoverableError, type Job } from 'bullmq';
import { WRITE_COMMAND_VERSION, type WriteCommand, type WriteOutcome } from '@roster/jobs';
import type { AccountSchemaCache, Store } from '@roster/store';
import { handlers } from './handlers/index.ts';
import type { ResourceLock } from './resource-lock.ts';
import type { Handler } from './handlers/handler.ts';

/**
 * The BullMQ processor for the write queue. Payloads are checked again on dequeue: a
 * payload from an incompatible ingress version fails permanently instead of being
 * half-understood.
 */
export function createWriteProcessor(
  store: Store,
  accounts: AccountSchemaCache,
  lock: ResourceLock,
): (job: Job<WriteCommand>) => Promise<WriteOutcome> {
  return async (job) => {
    const command = job.data;
    if (command.v !== WRITE_COMMAND_VERSION || !(command.type in handlers)) {
      throw new UnrecoverableError(
        `Unsupported write command ${JSON.stringify(command.type)} v${JSON.stringify(command.v)}`,
      );
    }
    const handler = handlers[command.type] as Handler<WriteCommand>;
    return handler(command, { store, accounts, lock, jobId: job.id ?? '', attemptsMade: job.attemptsMade });
  };
}
