import { UnrecoverableError } from 'bullmq';
import type { WriteCommand, WriteOutcome } from '@roster/jobs';
import type {
  AccountSchemaCache,
  ProvisionedResourceType,
  ProvisioningLogEntry,
  ProvisioningOperation,
  Store,
} from '@roster/store';
import { summarizeChange, type ObservedState } from './change-summary.ts';
import type { WriteObservation } from './handlers/handler.ts';

/** The parts of a BullMQ job the log reads (tests hand in partial jobs). */
export interface LoggedJob {
  id?: string | undefined;
  /** When the job was added, epoch ms: the request's time when the payload has no trace. */
  timestamp?: number;
  attemptsMade: number;
  opts?: { attempts?: number | undefined };
}

const ACTIONS: Record<
  WriteCommand['type'],
  { resourceType: ProvisionedResourceType; operation: ProvisioningOperation; method: string }
> = {
  'user.create': { resourceType: 'User', operation: 'create', method: 'POST' },
  'user.replace': { resourceType: 'User', operation: 'replace', method: 'PUT' },
  'user.patch': { resourceType: 'User', operation: 'patch', method: 'PATCH' },
  'user.delete': { resourceType: 'User', operation: 'delete', method: 'DELETE' },
  'group.create': { resourceType: 'Group', operation: 'create', method: 'POST' },
  'group.replace': { resourceType: 'Group', operation: 'replace', method: 'PUT' },
  'group.patch': { resourceType: 'Group', operation: 'patch', method: 'PATCH' },
  'group.delete': { resourceType: 'Group', operation: 'delete', method: 'DELETE' },
};

/** An attribute's string value, its name in any letter case (SCIM names are case-insensitive). */
function stringAttribute(core: Record<string, unknown> | undefined, name: string): string | undefined {
  if (core === undefined) return undefined;
  const key = Object.keys(core).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : core[key];
  return typeof value === 'string' ? value : undefined;
}

/** Whether this failure is the job's last: BullMQ will not retry it. */
export const isFinalAttempt = (job: LoggedJob, error: unknown): boolean =>
  error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts?.attempts ?? 1);

/**
 * The worker's side of the provisioning log (docs/provisioning-log.md): one entry per write job,
 * appended before the job completes (so a completed job implies its entry is stored; concurrent
 * jobs share one insert through the repository's group commit), or on the job's last failure.
 */
export class WriteLog {
  constructor(
    private readonly store: Store,
    private readonly accounts: AccountSchemaCache,
  ) {}

  /** The handler decided: applied, or rejected with a SCIM error. */
  async decided(
    job: LoggedJob,
    command: WriteCommand,
    outcome: WriteOutcome,
    observed: WriteObservation,
  ): Promise<void> {
    const base = this.baseOf(job, command, observed);
    if (!outcome.ok) {
      const { error } = outcome;
      await this.store.provisioningLog.append([
        {
          ...base,
          outcome: 'rejected',
          status: Number(error.status),
          scimType: error.scimType,
          detail: error.detail,
        },
      ]);
      return;
    }
    const changes =
      ACTIONS[command.type].operation === 'delete'
        ? undefined
        : summarizeChange(
            observed.before ?? null,
            observed.after ?? null,
            {
              customUrn: base.resourceType === 'User' ? await this.customUrnOf(command.accountId) : undefined,
            },
            observed.members,
          );
    await this.store.provisioningLog.append([
      { ...base, outcome: 'applied', status: outcome.status, changes },
    ]);
  }

  /** The job failed for the last time (transient errors on every attempt, or a permanent one). */
  async failed(job: LoggedJob, command: WriteCommand, error: unknown): Promise<void> {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.store.provisioningLog.append([
      // 503: what ingress answers for a write that failed every attempt.
      { ...this.baseOf(job, command, {}), outcome: 'failed', status: 503, detail },
    ]);
  }

  private baseOf(
    job: LoggedJob,
    command: WriteCommand,
    observed: WriteObservation,
  ): Omit<ProvisioningLogEntry, 'outcome' | 'status'> {
    const { trace } = command;
    const receivedAt = trace?.receivedAt ?? job.timestamp ?? Date.now();
    const action = ACTIONS[command.type];
    const nameAttribute = action.resourceType === 'User' ? 'userName' : 'displayName';
    const name =
      nameOf(observed.after, nameAttribute) ??
      nameOf(observed.before, nameAttribute) ??
      ('attributes' in command ? stringAttribute(command.attributes.core, nameAttribute) : undefined);
    return {
      at: new Date(receivedAt),
      accountId: command.accountId,
      source: 'worker',
      tokenId: trace?.tokenId,
      requestId: trace?.requestId ?? job.id ?? 'unknown',
      bulkIndex: trace?.bulkIndex,
      ...action,
      resourceId: 'userId' in command ? command.userId : command.groupId,
      ...(action.resourceType === 'User' ? { userName: name } : { displayName: name }),
      durationMs: Date.now() - receivedAt,
    };
  }

  private async customUrnOf(accountId: string): Promise<string> {
    return (await this.accounts.of(accountId)).customUrn;
  }
}

const nameOf = (state: ObservedState | null | undefined, attribute: string): string | undefined =>
  state === null || state === undefined ? undefined : stringAttribute(state.core, attribute);
