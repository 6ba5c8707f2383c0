import type { WriteCommand, WriteOutcome } from '@roster/jobs';
import { ScimError } from '@roster/scim';
import type {
  AccountSchemaCache,
  MemberDelta,
  NameHolder,
  ReplaceOutcome,
  Store,
  WriteTarget,
} from '@roster/store';
import type { ResourceLock } from '../resource-lock.ts';
import type { ObservedState } from '../change-summary.ts';

/**
 * What a handler saw of the resource it wrote, for the provisioning log's change summary
 * (write-log.ts). Handlers fill it in as they go; a retried try overwrites it.
 */
export interface WriteObservation {
  /** The resource before the write; null: it did not exist (a create). */
  before?: ObservedState | null;
  /** What the write stored; null: the resource was deleted. */
  after?: ObservedState | null;
  /** A Group's member changes. */
  members?: MemberDelta;
}

export interface HandlerContext {
  store: Store;
  /** Each account's custom fields and mappings, cached briefly. */
  accounts: AccountSchemaCache;
  lock: ResourceLock;
  jobId: string;
  /** 0 on the first attempt; >0 when BullMQ retries after a transient failure or a crash. */
  attemptsMade: number;
  /** Filled in by the handler (see WriteObservation). */
  observed: WriteObservation;
}

/** Applies one command. Rejections are returned as outcomes; only transient failures throw. */
export type Handler<C extends WriteCommand> = (command: C, context: HandlerContext) => Promise<WriteOutcome>;

/** One handler per command type: a command without a handler does not compile. */
export type HandlerCatalog = { [T in WriteCommand['type']]: Handler<Extract<WriteCommand, { type: T }>> };

export const rejected = (error: ScimError): WriteOutcome => ({ ok: false, error: error.toBody() });

export const notFound = (kind: 'User' | 'Group', id: string): WriteOutcome =>
  rejected(ScimError.notFound(`${kind} ${id} not found`));

/** RFC 7644 §3.14: a failed `If-Match` precondition. */
export const versionMismatch = (kind: 'User' | 'Group', current: number): WriteOutcome =>
  rejected(
    new ScimError(
      412,
      undefined,
      `${kind} has changed (now version W/"${current}"); read it again before writing`,
    ),
  );

/**
 * 409 uniqueness. Names the holder when known (same account only), and says so when the holder
 * was just created from an identical request: a client retrying a write that was applied
 * although its first answer was a timeout or 503.
 */
export const nameTaken = (kind: 'User' | 'Group', holder?: NameHolder): WriteOutcome => {
  const attribute = kind === 'User' ? 'userName' : 'displayName';
  const who = holder === undefined ? `Another ${kind.toLowerCase()}` : `${kind} ${holder.id}`;
  const retry =
    holder?.fromSameRequest === true
      ? `; it was created moments ago from an identical request, most likely an earlier attempt of this one (GET /${kind}s/${holder.id})`
      : '';
  return rejected(ScimError.conflict(`${who} already has this ${attribute}${retry}`));
};

/** The answer when a write's target is missing or fails its `If-Match` precondition. */
export const missedTarget = (
  kind: 'User' | 'Group',
  id: string,
  target: Exclude<WriteTarget, { kind: 'found' }>,
): WriteOutcome => (target.kind === 'notFound' ? notFound(kind, id) : versionMismatch(kind, target.current));

/** The outcome of a replace, for PUT and PATCH alike. */
export function replaceOutcome(kind: 'User' | 'Group', id: string, outcome: ReplaceOutcome): WriteOutcome {
  switch (outcome.kind) {
    case 'replaced':
      return { ok: true, status: 200, resource: outcome.resource };
    case 'notFound':
      return notFound(kind, id);
    case 'nameTaken':
      return nameTaken(kind);
    case 'versionMismatch':
      return versionMismatch(kind, outcome.current);
  }
}

/** A found resource as the change summary compares it: its attributes and the app's columns. */
export const observedState = (target: Extract<WriteTarget, { kind: 'found' }>): ObservedState => ({
  core: target.resource.core,
  extensions: target.resource.extensions,
  app: target.basis.document.app,
});
