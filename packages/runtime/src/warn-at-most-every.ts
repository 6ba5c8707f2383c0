/** `report`, but at most once per `intervalMs`: an outage must not log once per request. */
export function warnAtMostEvery(
  intervalMs: number,
  report: (error: unknown) => void,
): (error: unknown) => void {
  let last = -Infinity;
  return (error) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    report(error);
  };
}
