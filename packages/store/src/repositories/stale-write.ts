/**
 * A write that found its resource changed since it read it: its version guard
 * (`{_id, "meta.version": <read>}`) matched nothing. Only a writer that lost its resource lock
 * (it stalled past the lock's expiry while another writer went ahead) gets here. Transient:
 * the job is retried, reads the newer version and applies its change on top of it, so no
 * update is lost.
 */
export class StaleWriteError extends Error {
  override readonly name = 'StaleWriteError';

  constructor(
    readonly resourceId: string,
    readonly readVersion: number,
  ) {
    super(`resource ${resourceId} changed after this write read version ${readVersion}; retry`);
  }
}
