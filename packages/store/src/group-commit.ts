/**
 * Group commit: callers submit single items, and items that arrive while earlier batches
 * are being written go out together in the next one. Under low load every item is written
 * at once (no timer, no added latency); under load batches grow by themselves.
 *
 * Why: a MongoDB command has a fixed cost per round trip, and FerretDB over SQLite commits
 * one transaction per command, so 100 concurrent single inserts cost ~45x one insert of 100
 * documents (scripts/bench). The worker applies many jobs at once; this turns their writes
 * into few commands without changing what each job sees.
 */
export interface GroupCommitOptions<I, O> {
  /** Writes a batch; returns one outcome per item, in order. A throw fails every item of the batch. */
  write: (items: readonly I[]) => Promise<readonly O[]>;
  /** Largest batch written at once. */
  maxBatch: number;
  /** Batches written concurrently; 1 suits a single-writer store such as SQLite. */
  maxInFlight: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (outcome: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<I, O>) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.flush(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const outcomes = await this.options.write(batch.map((waiting) => waiting.item));
      if (outcomes.length !== batch.length)
        throw new Error(`batch write returned ${outcomes.length} outcomes for ${batch.length} items`);
      batch.forEach((waiting, i) => {
        waiting.resolve(outcomes[i] as O);
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
