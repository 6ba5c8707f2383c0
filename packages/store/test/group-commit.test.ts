import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/group-commit.ts';

/** One call of the fake `write`: the items it received, answered by hand. */
interface WriteCall {
  items: string[];
  succeed(outcomes?: readonly string[]): void;
  fail(error: unknown): void;
}

/**
 * A `write` whose calls stay in flight until the test answers them. By default a call
 * answers each item with its upper-case form, so outcomes show which item they belong to.
 */
class FakeWrite {
  readonly calls: WriteCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly waiters: { index: number; resolve: (call: WriteCall) => void }[] = [];

  readonly write = (items: readonly string[]): Promise<readonly string[]> =>
    new Promise((resolve, reject) => {
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const settle = () => {
        this.inFlight -= 1;
      };
      const call: WriteCall = {
        items: [...items],
        succeed: (outcomes = items.map((item) => item.toUpperCase())) => {
          settle();
          resolve(outcomes);
        },
        fail: (error) => {
          settle();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      };
      this.calls.push(call);
      for (const waiter of this.waiters.filter((w) => w.index === this.calls.length - 1))
        waiter.resolve(call);
    });

  /** Resolves with the `index`-th call (0-based) once `write` has been called that often. */
  call(index: number): Promise<WriteCall> {
    const existing = this.calls[index];
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise((resolve) => this.waiters.push({ index, resolve }));
  }
}

const setup = (maxBatch: number, maxInFlight: number) => {
  const fake = new FakeWrite();
  return { fake, commit: new GroupCommit<string, string>({ write: fake.write, maxBatch, maxInFlight }) };
};

describe('GroupCommit under low load', () => {
  it('writes a lone item at once, without waiting for company', async () => {
    const { fake, commit } = setup(10, 1);
    const a = commit.submit('a');
    // Called synchronously by submit: no timer, no added latency.
    expect(fake.calls.map((c) => c.items)).toEqual([['a']]);
    fake.calls[0]!.succeed();
    await expect(a).resolves.toBe('A');
  });

  it('writes items that arrive one after another as batches of one', async () => {
    const { fake, commit } = setup(10, 1);
    for (const [index, item] of ['a', 'b', 'c'].entries()) {
      const pending = commit.submit(item);
      expect(fake.calls).toHaveLength(index + 1);
      fake.calls[index]!.succeed();
      await expect(pending).resolves.toBe(item.toUpperCase());
    }
    expect(fake.calls.map((c) => c.items)).toEqual([['a'], ['b'], ['c']]);
  });
});

describe('GroupCommit under load', () => {
  it('sends the items that arrived during an in-flight write together in the next batch', async () => {
    const { fake, commit } = setup(10, 1);
    const a = commit.submit('a');
    const rest = ['b', 'c', 'd'].map((item) => commit.submit(item));
    expect(fake.calls).toHaveLength(1);

    fake.calls[0]!.succeed();
    await expect(a).resolves.toBe('A');
    const second = await fake.call(1);
    expect(second.items).toEqual(['b', 'c', 'd']);
    second.succeed();
    await expect(Promise.all(rest)).resolves.toEqual(['B', 'C', 'D']);
    expect(fake.calls).toHaveLength(2);
  });

  it('never writes more than maxBatch items at once', async () => {
    const { fake, commit } = setup(2, 1);
    const all = ['a', 'b', 'c', 'd', 'e'].map((item) => commit.submit(item));
    for (let i = 0; i < 3; i += 1) (await fake.call(i)).succeed();
    await expect(Promise.all(all)).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(fake.calls.map((c) => c.items)).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('keeps at most maxInFlight writes running and starts the next as soon as one ends', async () => {
    const { fake, commit } = setup(10, 2);
    const a = commit.submit('a');
    const b = commit.submit('b');
    const queued = ['c', 'd', 'e'].map((item) => commit.submit(item));
    // Two writes of one item each started at once; the rest waits for a free slot.
    expect(fake.calls.map((c) => c.items)).toEqual([['a'], ['b']]);

    // The second write ends first: its slot goes to the waiting items while the first still runs.
    fake.calls[1]!.succeed();
    await expect(b).resolves.toBe('B');
    const third = await fake.call(2);
    expect(third.items).toEqual(['c', 'd', 'e']);
    expect(fake.inFlight).toBe(2);

    fake.calls[0]!.succeed();
    third.succeed();
    await expect(a).resolves.toBe('A');
    await expect(Promise.all(queued)).resolves.toEqual(['C', 'D', 'E']);
    expect(fake.maxInFlight).toBe(2);
  });

  it('writes batches one at a time with maxInFlight 1', async () => {
    const { fake, commit } = setup(1, 1);
    const all = ['a', 'b', 'c'].map((item) => commit.submit(item));
    for (let i = 0; i < 3; i += 1) {
      const call = await fake.call(i);
      expect(fake.inFlight).toBe(1);
      call.succeed();
    }
    await expect(Promise.all(all)).resolves.toEqual(['A', 'B', 'C']);
    expect(fake.maxInFlight).toBe(1);
  });
});

describe('GroupCommit outcomes', () => {
  it('gives every item the outcome at its own position in the batch', async () => {
    const { fake, commit } = setup(10, 1);
    const first = commit.submit('warm-up');
    const batch = ['x', 'y', 'z'].map((item) => commit.submit(item));
    fake.calls[0]!.succeed();
    await first;
    (await fake.call(1)).succeed(['outcome of x', 'outcome of y', 'outcome of z']);
    await expect(Promise.all(batch)).resolves.toEqual(['outcome of x', 'outcome of y', 'outcome of z']);
  });

  it('rejects every item of a batch whose write throws, and only that batch', async () => {
    const { fake, commit } = setup(10, 2);
    const failure = new Error('store unreachable');
    const ok = commit.submit('a');
    const doomed = commit.submit('b');
    const laterOk = commit.submit('c');
    const laterDoomed = commit.submit('d');
    // a and b are in flight, alone; c and d wait for a slot.
    fake.calls[1]!.fail(failure);
    await expect(doomed).rejects.toBe(failure);
    const third = await fake.call(2);
    expect(third.items).toEqual(['c', 'd']);
    third.fail(failure);
    await expect(Promise.allSettled([laterOk, laterDoomed])).resolves.toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);

    fake.calls[0]!.succeed();
    await expect(ok).resolves.toBe('A');
    // A failed batch leaves nothing stuck: the next item is written normally.
    const next = commit.submit('e');
    (await fake.call(3)).succeed();
    await expect(next).resolves.toBe('E');
  });

  it('rejects the batch when write throws synchronously', async () => {
    const failure = new Error('bad batch');
    const commit = new GroupCommit<string, string>({
      write: () => {
        throw failure;
      },
      maxBatch: 10,
      maxInFlight: 1,
    });
    await expect(commit.submit('a')).rejects.toBe(failure);
    // The failed batch freed its slot.
    await expect(commit.submit('b')).rejects.toBe(failure);
  });

  it.each([
    ['fewer', ['X']],
    ['more', ['X', 'Y', 'Z']],
  ])('rejects every item of a batch when write returns %s outcomes than items', async (_, outcomes) => {
    const { fake, commit } = setup(10, 1);
    const first = commit.submit('warm-up');
    const batch = ['x', 'y'].map((item) => commit.submit(item));
    fake.calls[0]!.succeed();
    await expect(first).resolves.toBe('WARM-UP');
    (await fake.call(1)).succeed(outcomes);
    const settled = await Promise.allSettled(batch);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    for (const result of settled)
      expect(String((result as PromiseRejectedResult).reason)).toContain(
        `batch write returned ${outcomes.length} outcomes for 2 items`,
      );
  });
});
