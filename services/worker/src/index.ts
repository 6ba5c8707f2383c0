/**
 * The write worker as a package: `main.ts` runs it as a process; tests and other hosts start
 * the same worker with their own store and Redis.
 */
export { startWriteWorker, type RunningWorker, type WriteWorkerOptions } from './write-worker.ts';
export { loadWorkerConfig, type WorkerConfig } from './config.ts';
export { ResourceBusyError, ResourceLock } from './resource-lock.ts';
export { createWriteProcessor } from './process-write.ts';
