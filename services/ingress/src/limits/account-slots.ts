import { RejectedRequestError } from '../http/rejected-request.ts';

/**
 * A cap on how many requests of one kind one account may have in progress in this process;
 * past it the account is answered 429 + `Retry-After: 1`, and other accounts never wait behind
 * it. Two kinds use it (app.ts):
 * - unanchored lists and filters (a point lookup such as Entra's `userName eq` probe is exempt,
 *   so provisioning never meets this cap): a flood of them would hold the store's readers;
 * - writes waiting for their job: the write queue is one FIFO, so a burst of thousands of one
 *   account's jobs would stand in front of another account's single write. With the cap, an
 *   account has at most this many jobs in the queue per ingress process.
 */
export class AccountSlots {
  private readonly running = new Map<string, number>();

  constructor(
    private readonly perAccount: number,
    /** What the slots are for, as the 429 says it: "writes", "unanchored lists or filters". */
    private readonly what: string,
    /** The refusal's reason in the metrics. */
    private readonly reason: 'too_many_lists' | 'too_many_pending_writes',
  ) {}

  /** Takes a slot for `accountId`, or throws the 429; the returned function gives it back. */
  take(accountId: string): () => void {
    const running = this.running.get(accountId) ?? 0;
    if (running >= this.perAccount)
      throw new RejectedRequestError(
        this.reason,
        429,
        `Too many ${this.what} of this account in progress (at most ${this.perAccount} at once); retry shortly`,
        { retryAfterSeconds: 1 },
      );
    this.running.set(accountId, running + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.running.get(accountId) ?? 1) - 1;
      if (left === 0) this.running.delete(accountId);
      else this.running.set(accountId, left);
    };
  }
}
