/**
 * `promise`, or a rejection with `what took longer than <ms> ms` once `ms` have passed: for a
 * caller that must answer in time (a probe, a scrape, an announcement) whatever a dependency does.
 * The timer is cleared either way, so it never keeps a process alive.
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
