import type { Response } from 'express';

/** Runs `done` once when the response has been sent or its connection closed, whichever is first. */
export function onResponseDone(res: Response, done: () => void): void {
  let ran = false;
  const once = (): void => {
    if (ran) return;
    ran = true;
    done();
  };
  res.once('finish', once);
  res.once('close', once);
}
