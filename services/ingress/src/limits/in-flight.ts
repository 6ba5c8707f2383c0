import type { NextFunction, Request, Response } from 'express';
import { RejectedRequestError } from '../http/rejected-request.ts';
import { onResponseDone } from '../http/response-done.ts';

/**
 * A ceiling on requests in progress in this process: past it a request is answered 503 at
 * once instead of queueing in memory (each waiting request holds its body and a socket), so
 * the process's memory stays bounded under any number of clients.
 */
export function inFlightCeiling(max: number) {
  let inFlight = 0;
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (inFlight >= max) {
      next(
        new RejectedRequestError(
          'in_flight_ceiling',
          503,
          'Too many requests in progress on this server; retry shortly',
          { retryAfterSeconds: 1 },
        ),
      );
      return;
    }
    inFlight += 1;
    onResponseDone(res, () => (inFlight -= 1));
    next();
  };
}
