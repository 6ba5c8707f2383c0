import { ScimError } from '@roster/scim';

/**
 * A cap on the expensive reads one account may have in progress in this process: lists and
 * filters that are not answered by a point lookup (Entra's `userName eq` probe is one, so
 * provisioning never meets this cap). A flood of such lists would otherwise hold the store's
 * readers while other accounts' requests wait; past the cap the account is answered 429.
 */
export class ListSlots {
  private readonly running = new Map<string, number>();

  constructor(private readonly perAccount: number) {}

  /** Takes a slot for `accountId`, or throws the 429; the returned function gives it back. */
  take(accountId: string): () => void {
    const running = this.running.get(accountId) ?? 0;
    if (running >= this.perAccount)
      throw new ScimError(
        429,
        undefined,
        `Too many list requests of this account in progress (at most ${this.perAccount} unanchored lists or filters at once); retry shortly`,
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
