import { UnrecoverableError, type Job } from 'bullmq';
import { parseWriteCommand, type WriteCommand, type WriteOutcome } from '@roster/jobs';
import type { AccountSchemaCache, Store } from '@roster/store';
import { handlers } from './handlers/index.ts';
import type { ResourceLock } from './resource-lock.ts';
import type { Handler, WriteObservation } from './handlers/handler.ts';
import { isFinalAttempt, WriteLog } from './write-log.ts';

/**
 * The BullMQ processor for the write queue. Each payload is checked against the job catalog
 * when it is taken: a payload from an incompatible ingress version, or corrupted on the way,
 * fails permanently with the reason instead of being half-understood.
 */
export function createWriteProcessor(
  store: Store,
  accounts: AccountSchemaCache,
  lock: ResourceLock,
  options: {
    /** Append a provisioning log entry for every job (write-log.ts); off unless asked for. */
    provisioningLog?: boolean;
    /** Told when the last attempt's log entry could not be stored (the write itself was). */
    onLogLost?: (error: unknown) => void;
  } = {},
): (job: Job<unknown>) => Promise<WriteOutcome> {
  const log = options.provisioningLog === true ? new WriteLog(store, accounts) : undefined;
  return async (job) => {
    const parsed = parseWriteCommand(job.data);
    if (!parsed.ok) throw new UnrecoverableError(parsed.reason);
    const { command } = parsed;
    const handler = handlers[command.type] as Handler<WriteCommand>;
    const observed: WriteObservation = {};
    const context = { store, accounts, lock, jobId: job.id ?? '', attemptsMade: job.attemptsMade, observed };
    if (log === undefined) return handler(command, context);
    let outcome: WriteOutcome;
    try {
      outcome = await handler(command, context);
    } catch (error) {
      // The job's failure is what gets reported (write-worker.ts logs it); this entry is best effort.
      if (isFinalAttempt(job, error)) await log.failed(job, command, error).catch(() => undefined);
      throw error;
    }
    try {
      // Before the job completes: a completed job implies its entry is stored. If the append
      // fails, the job is retried like any transient failure (its writes are idempotent)...
      await log.decided(job, command, outcome, observed);
    } catch (error) {
      // ...except on its last attempt: the write is applied, and the client must hear so.
      if (!isFinalAttempt(job, error)) throw error;
      options.onLogLost?.(error);
    }
    return outcome;
  };
}
