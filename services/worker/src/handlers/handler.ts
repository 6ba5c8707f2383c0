import type { WriteCommand, WriteOutcome } from '@roster/jobs';
import type { Store } from '@roster/store';

export interface HandlerContext {
  store: Store;
  jobId: string;
  /** 0 on the first attempt; >0 when BullMQ retries after a transient failure or a crash. */
  attemptsMade: number;
}

/** Applies one command. Rejections are returned as outcomes; only transient failures throw. */
export type Handler<C extends WriteCommand> = (command: C, context: HandlerContext) => Promise<WriteOutcome>;

/** One handler per command type: a command without a handler does not compile. */
export type HandlerCatalog = { [T in WriteCommand['type']]: Handler<Extract<WriteCommand, { type: T }>> };
